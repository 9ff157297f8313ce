package dev.whokilled.cli.render;

import dev.whokilled.rules.explain.Explanation;
import java.io.PrintWriter;

/** Writes explanations as they are produced, in one output form. Not thread-safe. */
public interface ExplanationWriter {
    void write(Explanation explanation);

    /** JSON Lines, one object per explanation (DESIGN.md's termination object). */
    static ExplanationWriter json(PrintWriter out) {
        JsonExplanations json = new JsonExplanations();
        return e -> {
            out.println(json.toLine(e));
        };
    }

    /** Text for a person: the answer first, then details and evidence (or only the answer with {@code brief}). */
    static ExplanationWriter text(PrintWriter out, boolean brief) {
        TextExplanations text = new TextExplanations(brief);
        return e -> out.print(text.render(e));
    }
}
