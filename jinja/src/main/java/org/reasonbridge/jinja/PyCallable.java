package org.reasonbridge.jinja;

import java.util.List;
import java.util.Map;

/** Something a template may call: a built-in, a macro, a bound string/dict/list method or a host function. */
interface PyCallable {

    Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs);

    String name();
}
