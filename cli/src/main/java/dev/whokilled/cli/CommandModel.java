package dev.whokilled.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * A command's picocli model as the build wrote it down ({@value #DIRECTORY}{@code CLASS.properties}, by
 * {@code WriteCommandModel} from the annotations), rebuilt through picocli's programmatic API. Why: picocli reads
 * annotations through JDK proxy classes that the class-data archive cannot keep on JDK 17, and that was half of a
 * cold {@code whokilled decode} (docs/benchmarks.md). The annotations stay the declaration; {@code CommandModelTest} checks that both models
 * print the same help and parse alike. Options are bound to the command's fields (and its mixins' fields and
 * methods) by name.
 *
 * <p>The keys, for a command class {@code C}: {@code C.name}; {@code C.usage.K} for the usage message's texts
 * ({@code C.usage.K.N} for its lines) and flags; {@code C.versionProvider}; {@code C.spec.N}, the fields given the
 * command's spec; {@code C.arg.N.K}, the options and positional parameters in declaration order.
 */
final class CommandModel {
    /** Where the model of a command class is, by the class's name: one small file each, so a run reads its own. */
    static final String DIRECTORY = "model/";

    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
            "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
            "double", double.class);

    private final Properties keys;

    private CommandModel(Properties keys) {
        this.keys = keys;
    }

    /** The resource that holds the model of {@code type}, relative to this class. */
    static String resource(Class<?> type) {
        return DIRECTORY + type.getName() + ".properties";
    }

    /**
     * The model the build wrote for commands of {@code type}; empty when there is none (picocli's own commands, or
     * classes run from an IDE before the build step).
     */
    static Optional<CommandModel> of(Class<?> type) {
        try (InputStream in = CommandModel.class.getResourceAsStream(resource(type))) {
            if (in == null) {
                return Optional.empty();
            }
            Properties keys = new Properties();
            keys.load(in);
            return Optional.of(new CommandModel(keys));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the command model " + resource(type), e);
        }
    }

    /** The spec of {@code command}, of the class this model is of, bound to it. */
    CommandSpec spec(Object command) {
        String c = command.getClass().getName();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(keys.getProperty(c + ".name"));
        usage(spec.usageMessage(), c + ".usage.");
        Optional.ofNullable(keys.getProperty(c + ".versionProvider"))
                .ifPresent(p -> spec.versionProvider((CommandLine.IVersionProvider) instantiate(p)));
        for (int i = 0; keys.getProperty(c + ".arg." + i + ".kind") != null; i++) {
            ArgSpec arg = arg(command, c + ".arg." + i + ".");
            if (arg instanceof OptionSpec o) {
                spec.addOption(o);
            } else {
                spec.addPositional((PositionalParamSpec) arg);
            }
        }
        for (String field : lines(c + ".spec")) {
            set(command, field, spec);
        }
        return spec;
    }

    private void usage(UsageMessageSpec u, String k) {
        u.header(array(k + "header"));
        u.description(array(k + "description"));
        u.footer(array(k + "footer"));
        u.footerHeading(keys.getProperty(k + "footerHeading", u.footerHeading()));
        u.sortOptions(Boolean.parseBoolean(keys.getProperty(k + "sortOptions", "true")));
        u.autoWidth(Boolean.parseBoolean(keys.getProperty(k + "autoWidth", "false")));
    }

    private ArgSpec arg(Object command, String k) {
        // Two builders: the type they share (ArgSpec.Builder) is not public.
        Binding binding = bind(command, keys.getProperty(k + "target"));
        if (keys.getProperty(k + "kind").equals("positional")) {
            return PositionalParamSpec.builder().index(keys.getProperty(k + "index"))
                    .type(type(keys.getProperty(k + "type"))).auxiliaryTypes(types(k + "aux"))
                    .arity(keys.getProperty(k + "arity")).paramLabel(keys.getProperty(k + "label"))
                    .description(array(k + "description")).descriptionKey(keys.getProperty(k + "descriptionKey", ""))
                    .required(flag(k + "required")).setter(binding.setter()).getter(binding.getter())
                    .initialValue(binding.initial()).hasInitialValue(binding.hasInitial()).build();
        }
        OptionSpec.Builder b = OptionSpec.builder(keys.getProperty(k + "names").split(","))
                .usageHelp(flag(k + "usageHelp")).versionHelp(flag(k + "versionHelp"))
                .type(type(keys.getProperty(k + "type"))).auxiliaryTypes(types(k + "aux"))
                .arity(keys.getProperty(k + "arity")).paramLabel(keys.getProperty(k + "label"))
                .description(array(k + "description")).descriptionKey(keys.getProperty(k + "descriptionKey", ""))
                .required(flag(k + "required"))
                .scopeType(CommandLine.ScopeType.valueOf(keys.getProperty(k + "scope", "LOCAL")));
        Optional.ofNullable(keys.getProperty(k + "converter"))
                .ifPresent(cls -> b.converters((CommandLine.ITypeConverter<?>) instantiate(cls)));
        Optional.ofNullable(keys.getProperty(k + "candidates"))
                .ifPresent(cls -> b.completionCandidates(candidates(instantiate(cls))));
        if (binding.setter() != null) {
            b.setter(binding.setter()).getter(binding.getter());
        }
        return b.initialValue(binding.initial()).hasInitialValue(binding.hasInitial()).build();
    }

    /** What picocli sets and reads (for defaults); for picocli's own help options, no setter or getter: its own. */
    private record Binding(ISetter setter, IGetter getter, Object initial, boolean hasInitial) {
    }

    /**
     * {@code field}, {@code mixin.field} or {@code mixin.method()} of {@code command}; null: one of picocli's help
     * flags (false until given, which {@code WriteCommandModel} checks).
     */
    private static Binding bind(Object command, String target) {
        if (target == null) {
            return new Binding(null, null, Boolean.FALSE, true);
        }
        int dot = target.indexOf('.');
        Object owner = dot < 0 ? command : get(command, target.substring(0, dot));
        String member = target.substring(dot + 1);
        if (member.endsWith("()")) {
            Method m = method(owner.getClass(), member.substring(0, member.length() - 2));
            return new Binding(new ISetter() {
                @Override
                public <T> T set(T value) throws InvocationTargetException, IllegalAccessException {
                    m.invoke(owner, value);
                    return null;
                }
            }, new IGetter() {
                @Override
                public <T> T get() {
                    return null;
                }
            }, null, false);
        }
        Field f = field(owner.getClass(), member);
        return new Binding(new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T set(T value) throws IllegalAccessException {
                T old = (T) f.get(owner);
                f.set(owner, value);
                return old;
            }
        }, new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() throws IllegalAccessException {
                return (T) f.get(owner);
            }
        }, get(owner, member), true);
    }

    private List<String> lines(String k) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; keys.getProperty(k + "." + i) != null; i++) {
            lines.add(keys.getProperty(k + "." + i));
        }
        return lines;
    }

    private String[] array(String k) {
        return lines(k).toArray(new String[0]);
    }

    private Class<?>[] types(String k) {
        return lines(k).stream().map(CommandModel::type).toArray(Class<?>[]::new);
    }

    private boolean flag(String k) {
        return Boolean.parseBoolean(keys.getProperty(k, "false"));
    }

    @SuppressWarnings("unchecked")
    private static Iterable<String> candidates(Object o) {
        return (Iterable<String>) o;
    }

    private static Class<?> type(String name) {
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        try {
            return Class.forName(name, false, CommandModel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the command model names a missing class: " + name, e);
        }
    }

    private static Object instantiate(String className) {
        try {
            return accessible(type(className).getDeclaredConstructor()).newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + className, e);
        }
    }

    private static Object get(Object owner, String field) {
        try {
            return field(owner.getClass(), field).get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Object owner, String field, Object value) {
        try {
            field(owner.getClass(), field).set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> cls, String name) {
        try {
            return accessible(cls.getDeclaredField(name));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the command model names a missing field: " + cls.getName() + "." + name, e);
        }
    }

    private static Method method(Class<?> cls, String name) {
        for (Method m : cls.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return accessible(m);
            }
        }
        throw new IllegalStateException("the command model names a missing method: " + cls.getName() + "." + name);
    }

    private static <A extends AccessibleObject> A accessible(A member) {
        member.setAccessible(true);
        return member;
    }
}
