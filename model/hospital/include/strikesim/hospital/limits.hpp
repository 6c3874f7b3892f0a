#pragma once
/// Every explicit limit of strikesim in one place. Input beyond a limit is refused as bad input
/// (exit code 2) with a message that states the limit; nothing is truncated or wrapped silently.
/// The values are generous for the largest real NHS trust and for national runs: the England
/// composite of the shipped scenarios (167 trusts, about 45,000 doctors on shift at noon, 30,000
/// operations planned on a strike day) is far inside every one of them. README.md ("Limits and
/// guarantees") lists them with the tests that pin them.

#include <cstddef>
#include <cstdint>

namespace strikesim::model::limits {

// --- files ---

/// The largest input file read (bytes). The largest shipped file is about 40 KB; a trust file
/// with every limit below at its maximum would still be under this.
inline constexpr std::uintmax_t max_file_bytes = std::uintmax_t{16} * 1024 * 1024;
/// The deepest nesting of tables and keys in a file (`a.b.c` is three deep). The parser bounds
/// nested values (arrays and inline tables) at 256 itself, but not dotted keys and table headers,
/// and it walks and frees the tree recursively: a key 50,000 deep overflows the stack.
inline constexpr int max_key_depth = 64;
/// The longest key path a message quotes in full; longer ones are cut with "...".
inline constexpr std::size_t max_quoted_chars = 120;

// --- a trust ---

/// Doctors in one staff row (one specialty, grade and shift), and in a whole trust (all its staff
/// rows). The largest shipped trust (St George's) rosters 915 across its shifts.
inline constexpr int max_headcount = 100'000;
inline constexpr int max_trust_doctors = 100'000;
/// Specialties, shift patterns and emergency services of one trust.
inline constexpr int max_specialties = 200;
inline constexpr int max_shifts = 100;
inline constexpr int max_services = 200;
/// Doctors one role needs, and roles of one service shift or session.
inline constexpr int max_role_count = 100'000;
inline constexpr int max_roles = 1'000;
/// Weekly elective sessions of one trust, counting each of a row's `count` copies (the largest
/// shipped file, the teaching archetype, has 149); identical copies in one row; operations or
/// slots of one session.
inline constexpr int max_sessions = 20'000;
inline constexpr int max_session_copies = 1'000;
inline constexpr int max_session_activity = 10'000;
/// ED arrivals and service tasks per hour (the shipped trusts: at most 33 and 18). Every arrival
/// is an event of the simulation, so this bounds the run time too.
inline constexpr double max_per_hour = 1'000;
/// ED acuity classes and sites.
inline constexpr int max_acuity_classes = 20;
inline constexpr int max_sites = 100;

// --- a scenario ---

/// Trusts in one scenario, counting copies (the England composite has 167), and copies of one
/// trust file.
inline constexpr int max_trusts = 1'000;
inline constexpr int max_copies = 1'000;
/// Replications of one run (also --reps), and the seed: at most 2^53 - 1, the largest integer a
/// double holds exactly, so any reader of the results (JavaScript included) reads the echoed
/// seed back as it was.
inline constexpr int max_replications = 1'000'000;
inline constexpr std::int64_t max_seed = 9'007'199'254'740'991LL;
inline constexpr int max_warmup_days = 7;

// --- an action and a policy ---

/// The longest span of an action's windows: long enough for two actions weeks apart in one file.
inline constexpr int max_action_days = 56;
/// Windows of one action.
inline constexpr int max_windows = 100;
/// Lead times of a policy's decision table.
inline constexpr int max_lead_times = 32;
/// Days recovery is followed, and the longest delay cap; extra weekend lists or clinics bought a
/// day, operations of an extra list, slots of an extra clinic.
inline constexpr int max_recovery_days = 730;
inline constexpr int max_extra_weekend_sessions = 100;
inline constexpr int max_operations_per_extra_list = 50;
inline constexpr int max_slots_per_extra_clinic = 200;

// --- a run ---

/// Worker threads (--threads).
inline constexpr int max_threads = 1'024;
/// The memory a run may use by default, as estimated from the scenario before it runs (see
/// estimate_run_memory); `--max-memory GIB` changes it.
inline constexpr double default_max_memory_gib = 4.0;
inline constexpr double max_max_memory_gib = 1'048'576.0;  // 1 PiB: --max-memory's own limit

// --- sweeps ---

/// Points of one sweep grid, and values of one range { from, to, step }.
inline constexpr std::size_t max_sweep_points = 100'000;
inline constexpr std::size_t max_range_values = 10'000;
/// Paths of one sweep grid.
inline constexpr std::size_t max_sweep_paths = 100;

}  // namespace strikesim::model::limits
