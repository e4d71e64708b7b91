package org.reasonbridge.jinja;

import java.util.ArrayList;
import java.util.Collection;

/** A list literal built by the template itself: the only list a template may {@code append} to. */
final class TemplateList extends ArrayList<Object> {

    TemplateList() {
    }

    TemplateList(Collection<?> items) {
        super(items);
    }
}
