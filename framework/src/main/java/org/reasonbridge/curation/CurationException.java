package org.reasonbridge.curation;

/** A curation run cannot go on, and the message says why and what to do (download a pool, fix a manifest, ...). */
public final class CurationException extends RuntimeException {
    public CurationException(String message) {
        super(message);
    }
}
