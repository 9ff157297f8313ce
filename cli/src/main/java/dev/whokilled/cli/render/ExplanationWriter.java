package dev.whokilled.cli.render;

import dev.whokilled.agent.export.JsonExplanations;
import dev.whokilled.rules.death.Death;
import dev.whokilled.rules.explain.Explanation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes explanations as they are produced, in one output form. Not thread-safe. */
public interface ExplanationWriter {
    void write(Explanation explanation);

    /** A death the agent observed: its explanation and the facts it rests on. */
    void write(Death death);

    /** JSON Lines, one object per explanation (DESIGN.md's termination object); indented with {@code pretty}. */
    static ExplanationWriter json(PrintWriter out, boolean pretty) {
        JsonExplanations json = new JsonExplanations(pretty);
        return new ExplanationWriter() {
            @Override
            public void write(Explanation explanation) {
                try {
                    json.writeLine(explanation, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.println();
            }

            @Override
            public void write(Death death) {
                out.println(json.toLine(death));
            }
        };
    }

    /**
     * Text for a person: the answer first, then details and evidence (or only the answer with {@code brief});
     * with {@code colour}, the answer in bold.
     */
    static ExplanationWriter text(PrintWriter out, boolean brief, boolean colour) {
        TextExplanations text = new TextExplanations(brief, colour);
        return new ExplanationWriter() {
            @Override
            public void write(Explanation explanation) {
                out.print(text.render(explanation));
            }

            @Override
            public void write(Death death) {
                out.print(text.render(death));
            }
        };
    }
}
