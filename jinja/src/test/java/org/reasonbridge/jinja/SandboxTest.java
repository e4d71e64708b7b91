package org.reasonbridge.jinja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile or broken templates end in a clear exception, quickly, without touching Java objects. */
class SandboxTest {

    private static final Map<String, Object> CONTEXT = Map.of("messages", List.of(Map.of("role", "user", "content", "hi")));

    static Stream<Arguments> failures() {
        return Stream.of(
                // ---- syntax
                f("unknown tag", "{% include 'secrets.txt' %}", TemplateSyntaxException.class, "unknown tag 'include'"),
                f("import is not a tag here", "{% import 'os' as os %}", TemplateSyntaxException.class, "unknown tag 'import'"),
                f("unterminated block", "{% if true %}x", TemplateSyntaxException.class, "Unexpected end of template"),
                f("unterminated for", "{% for x in y %}x{% endif %}", TemplateSyntaxException.class, "Encountered unknown tag 'endif'"),
                f("unterminated print", "{{ x ", TemplateSyntaxException.class, "unexpected end of template"),
                f("unterminated comment", "{# x", TemplateSyntaxException.class, "Missing end of comment tag"),
                f("unknown filter even in a dead branch", "{% if false %}{{ x|system }}{% endif %}", TemplateSyntaxException.class,
                        "No filter named 'system'"),
                f("unknown test", "{{ x is evil }}", TemplateSyntaxException.class, "No test named 'evil'"),
                f("deeply nested expression", "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}", TemplateSyntaxException.class,
                        "nested too deeply"),
                f("unbalanced brackets", "{{ (1] }}", TemplateSyntaxException.class, "unexpected ']'"),
                // ---- runaway work and memory
                f("huge range", "{% for i in range(10**9) %}{% endfor %}", SandboxException.class, "sequence of 1000000000 items"),
                f("nested loops run out of steps", "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
                        SandboxException.class, "evaluation steps"),
                f("huge string repetition", "{{ 'a' * 10**9 }}", SandboxException.class, "string of 1000000000 characters"),
                f("string doubling", "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
                        SandboxException.class, "characters"),
                f("list doubling", "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = ns.l + ns.l %}{% endfor %}",
                        SandboxException.class, "items"),
                f("infinite macro recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", SandboxException.class,
                        "maximum recursion depth"),
                f("big integers", "{{ 2 ** 100 }}", SandboxException.class, "integer overflow"),
                // ---- reaching for Java or Python internals
                f("dunder attribute", "{{ ''.__class__ }}", SandboxException.class, "access to attribute '__class__' of 'str' object is unsafe"),
                f("dunder chain", "{{ messages.__class__.__mro__ }}", SandboxException.class, "unsafe"),
                f("dunder via subscript", "{{ messages['__class__'] }}", SandboxException.class, "unsafe"),
                f("globals of a builtin", "{{ range.__globals__ }}", SandboxException.class, "unsafe"),
                f("Java method call", "{{ messages.getClass() }}", TemplateException.class, "has no attribute 'getClass'"),
                f("Java method on a string", "{{ 'x'.getBytes() }}", TemplateException.class, "has no attribute 'getBytes'"),
                f("mutating input data", "{{ messages.append(1) }}", TemplateException.class, "has no attribute 'append'"),
                f("namespace private attribute", "{% set ns = namespace() %}{% set ns._x = 1 %}", SandboxException.class, "private attribute"),
                // ---- plain template errors
                f("attribute of undefined", "{{ nope.attr }}", TemplateException.class, "'nope' is undefined"),
                f("arithmetic on undefined", "{{ nope + 1 }}", TemplateException.class, "'nope' is undefined"),
                f("type error", "{{ 'a' + 1 }}", TemplateException.class, "unsupported operand type(s) for +: 'str' and 'int'"),
                f("division by zero", "{{ 1 // 0 }}", TemplateException.class, "ZeroDivisionError"),
                f("set attribute on non-namespace", "{% set d = {} %}{% set d.x = 1 %}", TemplateException.class, "non-namespace"),
                f("calling a string", "{{ 'x'() }}", TemplateException.class, "'str' object is not callable"));
    }

    private static Arguments f(String name, String template, Class<? extends Exception> type, String message) {
        return Arguments.of(name, template, type, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failsClearlyAndQuickly(String name, String template, Class<? extends Exception> type, String message) {
        // "quickly" is the step and size bounds, which the messages name; a wall-clock limit would fail on a busy machine
        Exception e = assertThrows(type, () -> Template.parse(template).render(CONTEXT));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void harmlessProbesRenderAsUndefined() {
        assertEquals("||", Template.parse("{{ messages.getClass }}|{{ lipsum }}|{{ self }}").render(CONTEXT));
    }

    @Test
    void javaObjectsCannotBePassedIn() {
        SandboxException e = assertThrows(SandboxException.class, () -> Template.parse("{{ x }}").render(Map.of("x", new Object())));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertThrows(SandboxException.class, () -> Template.parse("{{ x }}").render(Map.of("x", List.of(Thread.currentThread()))));
    }

    @Test
    void inputDataIsReadOnly() {
        List<Object> messages = new java.util.ArrayList<>(List.of("a"));
        Template.parse("{% set _ = messages %}{% for m in messages %}{{ m }}{% endfor %}").render(Map.of("messages", messages));
        assertEquals(List.of("a"), messages);
    }

    @Test
    void tighterLimitsApply() {
        Limits small = new Limits(10, 1_000, 5, 3, 20);
        assertThrows(SandboxException.class, () -> Template.parse("{{ 'x' * 11 }}", small).render(Map.of()));
        assertThrows(SandboxException.class, () -> Template.parse("{{ range(6) }}", small).render(Map.of()));
        assertEquals("[0, 1]", Template.parse("{{ range(2) }}", small).render(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Limits(0, 1, 1, 1, 1));
    }

    @Test
    void hostFunctionExceptionsPropagateUnchanged() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Template.parse("{{ boom('why') }}")
                .render(Map.of(), Map.of("boom", (args, kwargs) -> {
                    throw new IllegalStateException((String) args.get(0));
                })));
        assertEquals("why", e.getMessage());
    }
}
