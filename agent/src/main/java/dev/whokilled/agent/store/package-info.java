/**
 * The agent's event store: JSON-lines segment files that the agent appends to and the CLI reads.
 *
 * <p>Map:
 * <ul>
 *   <li>{@link dev.whokilled.agent.store.StoreEntry}: what is stored, a {@code rules.live} fact (exit,
 *       signal, gap) or a kernel-log record with its observation time.</li>
 *   <li>{@link dev.whokilled.agent.store.EventStore}: the single writer (lock, batched fsync, torn-line
 *       recovery, rotation, retention, checkpoint); {@link dev.whokilled.agent.store.StoreConfig} its
 *       limits; {@link dev.whokilled.agent.store.Checkpoint} where the kernel-log sources resume.</li>
 *   <li>{@link dev.whokilled.agent.store.StoreReader}: lock-free reading for the CLI, by
 *       {@link dev.whokilled.agent.store.TimeWindow}, by pid ({@code explain}: {@code SegmentIndex}
 *       sidecars for sealed segments, the {@code PidLines} byte prefilter otherwise, {@code PidKeys}
 *       deciding on decoded entries) or following new entries ({@code watch}).</li>
 *   <li>{@link dev.whokilled.agent.store.StorePaths}: the default directory;
 *       {@link dev.whokilled.agent.store.StoreInventory}: the files on disk, their modes and the lock holder's pid
 *       ({@code doctor}, and whether an agent writes there).</li>
 *   <li>Package-private: {@code EntryCodec} (the line format), {@code Segments} (file names),
 *       {@code LineScanner} (complete lines only), {@code FileModes} (0750/0640, no world-writable),
 *       {@code CheckpointFile} (atomic replace).</li>
 * </ul>
 *
 * <p>On disk, in the store directory (0750): {@code events-YYYYMMDDTHHMMSSZ.jsonl} segments (0640),
 * named by their start in UTC so they sort by time; for each sealed segment an
 * {@code events-….jsonl.idx} (0640), its pid index, which is only ever a shortcut (a missing or stale
 * one is rebuilt or scanned around); {@code lock} (holds the writer's pid);
 * {@code checkpoint.json}. Each line is one JSON object with {@code "v":1} and a {@code type}:
 * <pre>
 * {"v":1,"type":"exit","observed_at":"…Z","boot_id":"…","pid":4242,"wait_status":9,"monotonic_ns":…,
 *  "parent_pid":900,"identity":{"pid":4242,"start_time":…,"ppid":900,"comm":"java","cmdline":"…","uid":1000,
 *  "cgroup":"…"},"orphans":[…]}
 * {"v":1,"type":"signal","observed_at":"…Z","signal":15,"code":0,"target_pid":4242,"target_comm":"java",
 *  "group":true,"result":0,"sender_tid":13461,"sender_tgid":13461,"sender_comm":"kill","monotonic_ns":…,
 *  "sender":{…identity…}}
 * {"v":1,"type":"gap","observed_at":"…Z","source":"kmsg","from":"…Z","to":"…Z","lost":17,"reason":"…"}
 * {"v":1,"type":"kernel","observed_at":"…Z","format":"kmsg","line_number":0,"stamp":{"seq":4711,
 *  "monotonic_us":…,"wall_time":"…Z","wall_time_basis":"received","boot_id":"…"},"provenance":{"origin":"kernel",
 *  "facility":0,"level":3,"identifier":"kernel"},"message":"…","context":{"SUBSYSTEM":"memory"}}
 * </pre>
 * Unknown optional values are absent (a reader also accepts {@code null}); unknown fields are
 * ignored, so a v1 line may gain fields; an unknown {@code v} or {@code type} is skipped and counted.
 * Lines are ASCII: anything else is {@code \\u}-escaped.
 */
package dev.whokilled.agent.store;
