package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code {% macro %}} bound to the scope it was defined in. A call renders the body to a string; parameters
 * not passed take their default or are undefined; extra arguments land in {@code varargs} and {@code kwargs}.
 */
final class Macro implements PyCallable {

    private final Node.Macro node;
    private final Scope closure;

    Macro(Node.Macro node, Scope closure) {
        this.node = node;
        this.closure = closure;
    }

    @Override
    public String name() {
        return node.name();
    }

    @Override
    public Object call(Interpreter interpreter, List<Object> args, Map<String, Object> kwargs) {
        List<String> params = node.params();
        Scope scope = new Scope(closure);
        Map<String, Object> extraKwargs = new LinkedHashMap<>(kwargs);
        int firstDefault = params.size() - node.defaults().size();
        for (int i = 0; i < params.size(); i++) {
            String p = params.get(i);
            if (i < args.size()) {
                if (extraKwargs.containsKey(p)) {
                    throw new TemplateException("TypeError: macro '" + name() + "' got multiple values for argument '" + p + "'");
                }
                scope.set(p, args.get(i));
            } else if (extraKwargs.containsKey(p)) {
                scope.set(p, extraKwargs.remove(p));
            } else if (i >= firstDefault) {
                scope.set(p, interpreter.eval(node.defaults().get(i - firstDefault), scope));
            } else {
                scope.set(p, Undefined.because("parameter '" + p + "' was not provided"));
            }
        }
        List<Object> varargs = args.size() > params.size() ? args.subList(params.size(), args.size()) : List.of();
        scope.set("varargs", new PyTuple(new ArrayList<>(varargs)));
        scope.set("kwargs", java.util.Collections.unmodifiableMap(extraKwargs));
        return interpreter.callMacro(this, node.body(), scope);
    }
}
