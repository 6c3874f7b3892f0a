#pragma once
// Bad input files under data/bad/ and where and why reading each must fail: shared by the reader
// test (through the library) and the command-line test (through `strikesim run`).

namespace strikesim_test {

/// A bad input file, and where and why reading it must fail.
struct bad_case {
  const char* file;  // under data/bad/
  const char* key;
  unsigned line;
  unsigned column;
  const char* reason;                   // part of the message
  const char* reported_file = nullptr;  // when the error is in another file than `file`
};

const bad_case bad_cases[] = {
    // Trust files.
    {"unknown-key.toml", "staff[0].headcont", 16, 1,
     "unknown key 'headcont'; did you mean 'headcount'?"},
    {"wrong-type.toml", "staff[0].headcount", 16, 13,
     "expected an integer, got a string (\"two\")"},
    {"negative-headcount.toml", "staff[0].headcount", 16, 13, "must be in [0, 100000], got -3"},
    {"unknown-grade.toml", "staff[0].grade", 14, 9,
     "unknown grade 'consultnat'; did you mean 'consultant'?"},
    {"unknown-specialty.toml", "staff[0].specialty", 13, 13,
     "unknown specialty 'surgry'; did you mean 'surgery'?"},
    {"unknown-shift.toml", "staff[0].shift", 15, 9, "unknown shift 'dya'; did you mean 'day'?"},
    {"bad-clock-time.toml", "shift[0].start", 9, 9, "expected a time of day \"HH:MM\""},
    {"syntax-error.toml", "", 16, 13, "expected value"},
    {"unknown-top-table.toml", "trsut", 2, 2, "unknown key 'trsut'; did you mean 'trust'?"},
    {"bad-trust-id.toml", "trust.id", 3, 6, "must be lower case letters, digits and '-'"},
    {"missing-key.toml", "trust.name", 2, 1, "missing required key"},
    {"empty.toml", "", 0, 0, "the file is empty"},
    {"duplicate-shift-id.toml", "shift[1].id", 13, 6, "duplicate shift id 'day' (first at line 8)"},
    {"duplicate-session-id.toml", "session[1].id", 50, 6,
     "duplicate session id 'L1' (first at line 40)"},
    {"acuity-shares-not-summing.toml", "ed.acuity", 33, 10,
     "the acuity shares must sum to 1, they sum to 0.9"},
    {"christmas-day-exceeds-headcount.toml", "service[0].shift[0].christmas_day[0].count", 24, 86,
     "keep 3 emergency_medicine registrar doctor(s) at work on shift 'day', but the staff rows "
     "roster only 2"},
    {"christmas-day-consultant.toml", "service[0].shift[0].christmas_day[0].grade", 24, 65,
     "lists junior doctors"},
    {"assists-on-service-role.toml", "service[0].shift[0].roles[0].assists", 23, 81,
     "unknown key 'assists'"},
    {"role-count-zero.toml", "service[0].shift[0].roles[0].count", 23, 78,
     "must be in [1, 100000], got 0"},
    {"cross-cover-unknown-specialty.toml", "service[0].shift[0].roles[0].cross_cover.specialty", 23,
     131, "unknown specialty 'anaesthesia'"},
    {"operations-on-clinic.toml", "session[0].operations", 47, 14, "a clinic has slots"},
    {"session-time-reversed.toml", "session[0].time", 45, 8, "must end after it starts"},
    {"session-time-malformed.toml", "session[0].time", 45, 8, "expected \"HH:MM-HH:MM\""},
    {"unknown-day.toml", "session[0].days[1]", 44, 16, "unknown day 'thrs'; did you mean 'thu'?"},
    {"ed-service-wrong-kind.toml", "ed.service", 31, 11, "is of kind 'surgical_take', not 'ed'"},
    {"unknown-admit-service.toml", "ed.admit_to[0].service", 36, 26,
     "unknown service 'medical-take' (expected one of: ed, take)"},
    {"unknown-distribution.toml", "ed.consultation_minutes.dist", 34, 33,
     "unknown distribution 'lognromal'; did you mean 'lognormal'?"},
    {"hourly-arrivals-wrong-length.toml", "ed.arrivals_per_hour", 32, 21,
     "expected 24 numbers (one per hour from midnight), got 3"},
    // Action files.
    {"participation-out-of-range.toml", "action.participation", 6, 17,
     "must be in [0, 1], got 1.5"},
    {"nan-participation.toml", "action.participation", 6, 17, "must be a finite number, got nan"},
    {"participation-lognormal.toml", "action.participation.dist", 6, 26,
     "use constant, uniform, triangular or beta"},
    {"beta-sd-too-large.toml", "action.participation.sd", 6, 51,
     "must be < sqrt(mean * (1 - mean)) = 0.4899"},
    {"distribution-unknown-key.toml", "action.participation.hihg", 6, 48,
     "unknown key 'hihg'; did you mean 'high'?"},
    {"window-end-before-start.toml", "action.window[0].end", 10, 7,
     "the window must end after it starts (2016-01-12T08:00), got 2016-01-12T07:00"},
    {"overlapping-windows.toml", "action.window[1].start", 13, 9,
     "overlaps window[0] (2016-01-12T08:00 to 2016-01-12T17:00)"},
    {"windows-too-long.toml", "action.window", 8, 1, "at most 56"},
    {"invalid-date.toml", "action.window[0].start", 9, 9, "2016-02-30 is not a valid date"},
    {"invalid-toml-date.toml", "", 9, 19, "expected day between 1 and 29"},
    {"window-grade-typo.toml", "action.window[0].grades[1]", 11, 24,
     "unknown grade 'consultants'; did you mean 'consultant'?"},
    {"window-grades-empty.toml", "action.window[0].grades", 11, 10, "at least 1"},
    {"window-grade-twice.toml", "action.window[0].grades[2]", 11, 38,
     "duplicate grade 'consultant' (first at line 11)"},
    // Policy files.
    {"plan-percentile-out-of-range.toml", "policy.plan_percentile", 5, 19,
     "must be in [0, 1], got 80"},
    // Scenario files (naming the worked example's files).
    {"missing-referenced-file.toml", "scenario.action", 5, 10,
     "no-such-action.toml': no such file"},
    {"referenced-file-wrong-kind.toml", "scenario.action", 5, 10,
     "this is a policy file ([policy]), not an action file ([action])"},
    {"replications-out-of-range.toml", "run.replications", 9, 16,
     "must be in [1, 1000000], got 2000000"},
    {"warmup-out-of-range.toml", "run.warmup_days", 9, 15, "must be in [0, 7], got 8"},
    {"seed-too-large.toml", "run.seed", 9, 8, "must be in [0, 9007199254740991]"},
    {"duplicate-trust-id.toml", "scenario.trusts[1]", 4, 44,
     "example-general/trust.toml' is named twice in scenario.trusts (as trusts[0] too)"},
};

}  // namespace strikesim_test
