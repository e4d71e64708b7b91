package org.reasonbridge.experiment;

/** Where an experiment tells its progress: a line per stage, and counts within a stage. */
public interface Progress {
    void stage(String name, String what);

    void progress(String stage, int done, int total, String note);

    Progress NONE = new Progress() {
        @Override
        public void stage(String name, String what) {
        }

        @Override
        public void progress(String stage, int done, int total, String note) {
        }
    };
}
