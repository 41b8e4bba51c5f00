package dev.artifactservice.archfixture.second;

import dev.artifactservice.archfixture.first.First;

/** The other half of the deliberate package cycle of ArchitectureTest's self-check. */
public class Second {

    /** Depends back on the first package. */
    public First other() {
        return new First();
    }
}
