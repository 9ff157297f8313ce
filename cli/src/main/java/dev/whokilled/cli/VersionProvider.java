package dev.whokilled.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return new String[] {"whokilled " + (v == null ? "dev" : v)};
    }
}
