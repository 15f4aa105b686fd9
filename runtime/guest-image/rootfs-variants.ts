/**
 * The default root filesystem comes in two variants, both from Debian packages:
 * - `developer` (default): what a coding agent reaches for — compilers and make, git, Python
 *   with pip, venv and pytest, Node.js with npm and npx, and the usual command-line tools;
 * - `slim`: a shell, core utilities, git and Python, for boxes that only read and edit.
 */
export const ROOTFS_VARIANTS = ["developer", "slim"] as const;
export type RootfsVariant = (typeof ROOTFS_VARIANTS)[number];
export const DEFAULT_ROOTFS_VARIANT: RootfsVariant = "developer";

const SLIM = [
  "base-files", "base-passwd", "bash", "coreutils", "findutils", "grep", "sed", "gawk", "diffutils", "tar", "gzip",
  "procps", "less", "git", "python3", "ca-certificates",
];

export const ROOTFS_PACKAGES: Record<RootfsVariant, readonly string[]> = {
  slim: SLIM,
  developer: [
    ...SLIM,
    "build-essential", "python3-pip", "python3-venv", "python3-pytest", "python-is-python3", "nodejs", "npm", "curl",
    "wget", "jq", "ripgrep", "file", "unzip", "zip", "xz-utils", "openssh-client", "netcat-openbsd", "patch",
  ],
};
