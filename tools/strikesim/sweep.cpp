// strikesim sweep and merge. A sweep directory holds:
//   plan.json          what the sweep is (points and their values, replications, seed, version)
//   points/NNNNNN.json one finished point each, written whole (the checkpoints)
//   sweep.json         the whole sweep, when every point is there
//   sweep.csv          the same, tidy: one row per point, trust and metric
// A killed sweep resumes from its checkpoints; shards write disjoint points and `merge` joins
// them into exactly the directory an unsharded run makes.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "commands.hpp"
#include "files.hpp"
#include "strikesim/files/reader.hpp"
#include "strikesim/files/sweep_file.hpp"
#include "strikesim/hospital/limits.hpp"
#include "strikesim/hospital/simulate.hpp"
#include "strikesim/reports/sweep_report.hpp"
#include "sweep_steps.hpp"

namespace strikesim::cli {

namespace fs = std::filesystem;

namespace {

shard_spec parse_shard(const std::string& text) {
  shard_spec s;
  if (text.empty()) return s;
  const auto bad = [&](const std::string& why) {
    throw model::scenario_error(
        {"--shard"}, "",
        fmt::format("'{}': {}; expected K/N with 1 <= K <= N, e.g. 2/8", text, why));
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) bad("no '/'");
  std::size_t k = 0, n = 0;
  const auto number = [&](std::string_view part, std::size_t& out) {
    const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc{} && p == part.data() + part.size();
  };
  if (!number(std::string_view(text).substr(0, slash), k) ||
      !number(std::string_view(text).substr(slash + 1), n))
    bad("K and N must be whole numbers");
  if (n == 0 || k == 0 || k > n) bad("K must be between 1 and N");
  if (n > model::max_sweep_points) bad(fmt::format("N may be at most {}", model::max_sweep_points));
  s.index = k - 1;
  s.count = n;
  return s;
}

fs::path point_file(const fs::path& dir, std::size_t point) {
  return dir / "points" / fmt::format("{:06}.json", point);
}

[[noreturn]] void dir_error(const fs::path& dir, const std::string& key, const std::string& why) {
  throw model::scenario_error({dir.string()}, key, why);
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(2) + "\n";
}

nlohmann::ordered_json parse_json(const fs::path& file) {
  try {
    return nlohmann::ordered_json::parse(read_whole(file));
  } catch (const nlohmann::json::exception& e) {
    throw model::scenario_error({file.string()}, "", fmt::format("not valid JSON: {}", e.what()));
  }
}

/// sweep.json and sweep.csv from the plan and every checkpoint.
void assemble(const fs::path& dir, const nlohmann::ordered_json& plan) {
  std::vector<nlohmann::ordered_json> points;
  const std::size_t n = plan.at("points").size();
  points.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    points.push_back(parse_json(point_file(dir, i)));
  const nlohmann::ordered_json doc = model::sweep_document(plan, points);
  write_whole(dir / "sweep.json", dump(doc));
  write_whole(dir / "sweep.csv", model::sweep_csv(plan, points));
  write_whole(dir / "sensitivity.csv", model::sensitivity_csv(doc.at("sensitivity")));
  write_whole(dir / "report.html", model::sweep_report_html(doc));
}

/// Makes `dir` ready for `plan_text`: new or empty, or (when `may_continue`) holding the same
/// sweep. Another sweep's directory, or a folder of other files, is never touched.
void prepare_directory(const fs::path& dir, const std::string& plan_text, bool may_continue,
                       const std::string& continue_hint) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) dir_error(dir, "-o", "is a file, not a directory");
    const fs::path plan_file = dir / "plan.json";
    if (fs::exists(plan_file, ec)) {
      if (read_whole(plan_file) != plan_text)
        dir_error(dir, "-o",
                  "holds a different sweep (its plan.json differs: other points, replications, "
                  "seed or version); choose another directory");
      if (!may_continue) dir_error(dir, "-o", continue_hint);
    } else {
      for (const auto& entry : fs::directory_iterator(dir, ec))
        if (!is_temporary(entry.path()))
          dir_error(dir, "-o", "is not empty and holds no sweep; choose a new or empty directory");
    }
  }
  fs::create_directories(dir / "points", ec);
  if (ec) dir_error(dir, "-o", fmt::format("cannot create this directory: {}", ec.message()));
  remove_stale_temporaries(dir);
  remove_stale_temporaries(dir / "points");
  if (!fs::exists(dir / "plan.json", ec)) write_whole(dir / "plan.json", plan_text);
}

}  // namespace

sweep_job read_job(const sweep_options& o, const std::string& version) {
  sweep_job job;
  job.shard = parse_shard(o.shard);
  job.spec = model::read_sweep(o.sweep);
  const std::size_t n = job.spec.points();
  const model::scenario first = model::read_point(job.spec, 0);
  job.replications = o.sim.replications > 0
                         ? o.sim.replications
                         : job.spec.replications.value_or(first.run.replications);
  // Every point is read, and so checked, before anything is written or run; each point runs
  // alone, so each must fit in --max-memory.
  const std::string key =
      replications_key(o.sim, job.spec.replications ? "sweep.replications" : "run.replications");
  const auto check_memory = [&](const model::scenario& sc) {
    const model::memory_estimate m = model::check_run_memory(
        sc, job.replications, o.sim.thread_count(), o.sim.max_memory_gib, o.sweep, key);
    if (m.total(job.replications, 1) > job.largest.total(job.replications, 1)) job.largest = m;
  };
  check_memory(first);
  for (std::size_t i = 1; i < n; ++i)
    check_memory(model::read_point(job.spec, i));
  job.seed = o.sim.seed >= 0 ? static_cast<std::uint64_t>(o.sim.seed)
                             : job.spec.seed.value_or(first.run.seed);
  job.plan = model::sweep_plan(job.spec, job.replications, job.seed, version);
  job.plan_text = dump(job.plan);
  job.dir = o.output;
  return job;
}

todo_list start_directory(const sweep_job& job, const sweep_options& o) {
  const fs::path dir(job.dir);
  prepare_directory(dir, job.plan_text, o.resume || job.shard.count > 1,
                    "already holds this sweep: pass --resume to finish it, or choose another "
                    "directory");
  todo_list todo;
  for (std::size_t i = job.shard.index; i < job.spec.points(); i += job.shard.count) {
    ++todo.in_shard;
    std::error_code ec;
    if (!fs::exists(point_file(dir, i), ec)) todo.points.push_back(i);
  }
  if (!o.sim.quiet && todo.points.size() < todo.in_shard)
    std::cerr << fmt::format("strikesim: resuming: {} of {} points already done\n",
                             todo.in_shard - todo.points.size(), todo.in_shard);
  return todo;
}

std::string run_point(const sweep_job& job, std::size_t point, int threads,
                      std::atomic<std::int64_t>* replications_done) {
  model::scenario sc = model::read_point(job.spec, point);
  sc.run.replications = job.replications;
  sc.run.seed = job.seed;
  model::prepared_scenario prep = model::prepare(sc);
  const model::outcome_summary summary =
      model::run_replications(prep, job.replications, threads, replications_done);
  if (!model::has_drawn_parameters(sc)) return dump(model::sweep_point(job.spec, point, summary));
  // As `strikesim run`: the same replications with every drawn parameter at its central value,
  // the range of chance alone (not counted by the progress bar).
  const model::outcome_summary chance = model::run_chance_only(prep, job.replications, threads);
  return dump(model::sweep_point(job.spec, point, summary, &chance));
}

void write_point(const sweep_job& job, std::size_t point, const std::string& text) {
  write_whole(point_file(job.dir, point), text, "-o");
}

void finish_directory(const sweep_job& job, const sweep_options& o, const todo_list& todo) {
  const fs::path dir(job.dir);
  const bool show = !o.sim.quiet;
  if (job.shard.count == 1) {
    assemble(dir, job.plan);
    if (show)
      std::cerr << fmt::format("strikesim: {} points, {} replications each: {}\n",
                               job.spec.points(), job.replications, (dir / "sweep.csv").string());
  } else if (show) {
    std::cerr << fmt::format(
        "strikesim: shard {}/{}: {} points in {}; join the shards with strikesim merge\n",
        job.shard.index + 1, job.shard.count, todo.in_shard, dir.string());
  }
}

int sweep(const sweep_options& o, const std::string& version) {
  const sweep_job job = read_job(o, version);
  const todo_list todo = start_directory(job, o);
  progress bar("replications", static_cast<std::int64_t>(todo.points.size()) * job.replications,
               progress::wanted(o.sim.progress_mode, o.sim.quiet));
  // Several points at once when there are enough of them and memory for them (sweep_layout):
  // the same bytes either way.
  const model::sweep_layout layout =
      model::choose_sweep_layout(todo.points.size(), o.sim.thread_count(), job.replications,
                                 job.largest, o.sim.max_memory_gib * 1024.0 * 1024 * 1024);
  model::run_concurrently(todo.points, layout.concurrent_points, [&](std::size_t i) {
    write_point(job, i, run_point(job, i, layout.threads_per_point, &bar.counter()));
  });
  bar.finish();
  finish_directory(job, o, todo);
  return exit_ok;
}

int merge(const merge_options& o) {
  if (o.inputs.empty())
    throw model::scenario_error({"merge"}, "", "give a shard directory or more");
  std::string plan_text;
  for (const std::string& in : o.inputs) {
    const fs::path plan_file = fs::path(in) / "plan.json";
    std::error_code ec;
    if (!fs::is_regular_file(plan_file, ec))
      dir_error(in, "", "no plan.json here: not a sweep directory");
    const std::string text = read_whole(plan_file);
    if (plan_text.empty()) {
      plan_text = text;
    } else if (text != plan_text) {
      dir_error(in, "",
                fmt::format("its plan.json differs from {}'s: shards of different sweeps "
                            "cannot be merged",
                            o.inputs.front()));
    }
  }
  nlohmann::ordered_json plan;
  try {
    plan = nlohmann::ordered_json::parse(plan_text);
  } catch (const nlohmann::json::exception& e) {
    dir_error(o.inputs.front(), "plan.json", fmt::format("not valid JSON: {}", e.what()));
  }
  if (!plan.is_object() || plan.value("schema", "") != "strikesim.sweep-plan/1" ||
      !plan.contains("points") || !plan["points"].is_array())
    dir_error(o.inputs.front(), "plan.json", "not a strikesim.sweep-plan/1 document");
  const std::size_t n = plan["points"].size();
  std::vector<std::string> texts(n);
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& in : o.inputs) {
      const fs::path f = point_file(in, i);
      std::error_code ec;
      if (!fs::is_regular_file(f, ec)) continue;
      std::string text = read_whole(f);
      if (texts[i].empty())
        texts[i] = std::move(text);
      else if (text != texts[i])
        dir_error(f, "", "differs from the same point in another shard");
    }
    if (texts[i].empty()) missing.push_back(i);
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t k = 0; k < missing.size() && k < 10; ++k)
      list += fmt::format("{}{}", k ? ", " : "", missing[k]);
    if (missing.size() > 10) list += fmt::format(" and {} more", missing.size() - 10);
    throw model::scenario_error({"merge"}, "",
                                fmt::format("{} of {} points missing ({}): run or --resume the "
                                            "shards that hold them",
                                            missing.size(), n, list));
  }
  const fs::path dir(o.output);
  prepare_directory(dir, plan_text, true, "");
  for (std::size_t i = 0; i < n; ++i)
    if (!fs::exists(point_file(dir, i))) write_whole(point_file(dir, i), texts[i], "-o");
  assemble(dir, plan);
  if (!o.quiet)
    std::cerr << fmt::format("strikesim: merged {} points from {} directories into {}\n", n,
                             o.inputs.size(), dir.string());
  return exit_ok;
}

}  // namespace strikesim::cli
