package dev.artifactservice.archfixture.first;

import dev.artifactservice.archfixture.second.Second;

/** Half of a deliberate package cycle, which ArchitectureTest's cycle rule must report. */
public class First {

    /** Depends on the other package. */
    public Second other() {
        return new Second();
    }
}
