package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/**
 * A host function offered to templates, such as Hugging Face's {@code raise_exception}. Arguments arrive as
 * template values ({@code null}, Boolean, Long, Double, String, List, Map; undefined becomes {@code null}); the
 * result must be such a value too. Exceptions it throws reach the caller of {@code render} unchanged.
 */
@FunctionalInterface
public interface TemplateFunction {

    Object call(List<Object> args, Map<String, Object> kwargs);
}
