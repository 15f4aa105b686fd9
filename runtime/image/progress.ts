/** What pulls and root filesystem preparation report as they go (the CLI draws bars from it). */
export type ImageProgress =
  | { type: "resolved"; ref: string; digest: string; layers: number }
  | { type: "download"; digest: string; received: number; total: number }
  | { type: "downloaded"; digest: string; total: number; cached: boolean }
  | { type: "retry"; digest: string; attempt: number; reason: string }
  | { type: "unpack"; digest: string; index: number; count: number }
  | { type: "warning"; message: string };

export type ProgressListener = (event: ImageProgress) => void;
