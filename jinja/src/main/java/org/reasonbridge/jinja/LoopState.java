package org.reasonbridge.jinja;

import java.util.List;

/** The {@code loop} variable of a {@code for} block: {@code index}, {@code first}, {@code previtem}, {@code cycle(...)}... */
final class LoopState {

    private final List<Object> items;
    private int index0;
    private Object lastChanged = Scope.MISSING;

    LoopState(List<Object> items) {
        this.items = items;
    }

    void advance(int index0) {
        this.index0 = index0;
    }

    long index() {
        return index0 + 1L;
    }

    long length() {
        return items.size();
    }

    Object attribute(String name) {
        int n = items.size();
        return switch (name) {
            case "index" -> index0 + 1L;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (n - index0);
            case "revindex0" -> (long) (n - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == n - 1;
            case "length" -> (long) n;
            case "depth" -> 1L;
            case "depth0" -> 0L;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.because("there is no previous item");
            case "nextitem" -> index0 < n - 1 ? items.get(index0 + 1) : Undefined.because("there is no next item");
            case "cycle" -> new Builtin("cycle", (interp, args, kwargs) -> {
                if (args.isEmpty()) throw new TemplateException("TypeError: no items for cycling given");
                return args.get(index0 % args.size());
            });
            case "changed" -> new Builtin("changed", (interp, args, kwargs) -> {
                Object value = args.size() == 1 ? args.get(0) : new PyTuple(args);
                boolean changed = lastChanged == Scope.MISSING || !Py.eq(lastChanged, value);
                lastChanged = value;
                return changed;
            });
            default -> Undefined.attribute(this, name);
        };
    }

}
