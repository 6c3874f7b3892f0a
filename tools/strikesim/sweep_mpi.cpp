// strikesim sweep across MPI ranks (`mpirun -np N strikesim sweep ...`, built with
// -DSTRIKESIM_MPI=ON). Rank 0 coordinates: it alone reads and writes the output directory and
// prints; it hands the next point still to run to whichever rank asks (and runs points itself on
// a second thread), and writes each finished point as its checkpoint, exactly as the
// single-process sweep would. The other ranks run points and send back the checkpoint text, so
// they need the input files but not the output directory. Every rank reads and checks the whole
// sweep before any message is sent, and the ranks agree on every failure (one message, from rank 0;
// the same exit code everywhere).
#ifdef STRIKESIM_MPI

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <exception>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "strikesim/files/reader.hpp"
#include "sweep_steps.hpp"

namespace strikesim::cli {

namespace {

// Messages from a worker to rank 0.
constexpr int tag_ready = 1;      // nothing: give me a point
constexpr int tag_point = 2;      // a finished point's checkpoint text (and give me another)
constexpr int tag_bad_input = 3;  // a point failed with bad input: the error, see caught
constexpr int tag_internal = 4;   // a point failed otherwise: the message
// Messages from rank 0 to a worker.
constexpr int tag_work = 10;  // one unsigned long long: the point to run
constexpr int tag_stop = 11;  // nothing: no more points

/// A failure caught on one rank, in a form that can be sent to another and thrown there again
/// with the same message (so main prints it as it would have on that rank).
struct caught {
  int code = exit_ok;
  std::string text;  // bad input: the scenario_error's parts, each ended by '\0'; else the message
};

template <class F>
caught catching(F&& f) {
  try {
    f();
  } catch (const model::scenario_error& e) {
    caught c{exit_bad_input, {}};
    for (const std::string& part : {e.where().file, std::to_string(e.where().line),
                                    std::to_string(e.where().column), e.key(), e.message()}) {
      c.text += part;
      c.text += '\0';
    }
    return c;
  } catch (const std::exception& e) {
    return {exit_internal, e.what()};
  } catch (...) {
    return {exit_internal, "an exception that is not a std::exception"};
  }
  return {};
}

[[noreturn]] void rethrow(const caught& c) {
  if (c.code != exit_bad_input) throw std::runtime_error(c.text);
  std::vector<std::string> parts;
  for (std::size_t at = 0, end = 0; (end = c.text.find('\0', at)) != std::string::npos;
       at = end + 1)
    parts.push_back(c.text.substr(at, end - at));
  if (parts.size() != 5) throw std::runtime_error("a garbled error message from another MPI rank");
  throw model::scenario_error({parts[0], static_cast<std::uint32_t>(std::stoul(parts[1])),
                               static_cast<std::uint32_t>(std::stoul(parts[2]))},
                              parts[3], parts[4]);
}

int to_count(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX))
    throw std::runtime_error("an MPI message of more than 2 GB");
  return static_cast<int>(n);
}

/// Sends `text` from rank `root` to every rank.
void broadcast(std::string& text, int root) {
  unsigned long long size = text.size();
  MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, root, MPI_COMM_WORLD);
  text.resize(size);
  MPI_Bcast(text.data(), to_count(text.size()), MPI_CHAR, root, MPI_COMM_WORLD);
}

/// Every rank calls this with what it caught (or nothing). All return the code of the failure of
/// the lowest rank that failed, or exit_ok; rank 0 throws that failure instead, so main prints it
/// once.
int agree(const caught& mine, int rank, int size) {
  int first = mine.code != exit_ok ? rank : size;
  MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first == size) return exit_ok;
  caught failure = mine;
  MPI_Bcast(&failure.code, 1, MPI_INT, first, MPI_COMM_WORLD);
  broadcast(failure.text, first);
  if (rank == 0) rethrow(failure);
  return failure.code;
}

/// Receives the message that `status` announced.
std::string receive(const MPI_Status& status) {
  int size = 0;
  MPI_Get_count(&status, MPI_CHAR, &size);
  std::string text(static_cast<std::size_t>(size), '\0');
  MPI_Recv(text.data(), size, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return text;
}

/// Rank 0: hands out the points of `todo`, runs points itself on a thread of its own (only this
/// thread calls MPI), and writes every point as it finishes. Stops handing out points at the first
/// failure (the points already running still finish and are written) and returns it.
caught coordinate(const sweep_job& job, const sweep_options& o, const todo_list& todo, int size) {
  progress bar("replications", static_cast<std::int64_t>(todo.points.size()) * job.replications,
               progress::wanted(o.sim.progress_mode, o.sim.quiet));
  caught failure;
  std::size_t next = 0;
  const auto more = [&] { return failure.code == exit_ok && next < todo.points.size(); };
  const auto keep = [&](const caught& c) {
    if (failure.code == exit_ok) failure = c;
  };

  std::future<std::string> local;
  std::size_t local_point = 0;
  const auto start_local = [&] {
    if (!more()) return;
    local_point = todo.points[next++];
    local = std::async(std::launch::async, [&job, &o, &bar, point = local_point] {
      return run_point(job, point, o.sim.thread_count(), &bar.counter());
    });
  };
  start_local();

  std::vector<std::size_t> running(static_cast<std::size_t>(size));
  int workers = size - 1;
  while (workers > 0 || local.valid()) {
    if (local.valid() && local.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      keep(catching([&] { write_point(job, local_point, local.get()); }));
      start_local();
      continue;
    }
    // Polls rather than blocks: a blocking receive in Open MPI spins, and would take a core from
    // the points for the whole sweep.
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
    if (arrived == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    const int from = status.MPI_SOURCE;
    const std::string text = receive(status);
    const std::size_t point = running[static_cast<std::size_t>(from)];
    if (status.MPI_TAG == tag_point) {
      bar.counter() += job.replications;
      keep(catching([&] { write_point(job, point, text); }));
    } else if (status.MPI_TAG == tag_bad_input || status.MPI_TAG == tag_internal) {
      keep({status.MPI_TAG == tag_bad_input ? exit_bad_input : exit_internal, text});
    }
    if (more()) {
      running[static_cast<std::size_t>(from)] = todo.points[next++];
      unsigned long long index = running[static_cast<std::size_t>(from)];
      MPI_Send(&index, 1, MPI_UNSIGNED_LONG_LONG, from, tag_work, MPI_COMM_WORLD);
    } else {
      MPI_Send(nullptr, 0, MPI_CHAR, from, tag_stop, MPI_COMM_WORLD);
      --workers;
    }
  }
  bar.finish();
  return failure;
}

/// The other ranks: asks for points until told to stop; sends back each point's text, or how it
/// failed.
void work(const sweep_job& job, const sweep_options& o) {
  MPI_Send(nullptr, 0, MPI_CHAR, 0, tag_ready, MPI_COMM_WORLD);
  for (;;) {
    unsigned long long index = 0;
    MPI_Status status;
    MPI_Recv(&index, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
    if (status.MPI_TAG == tag_stop) return;
    std::string text;
    const caught failure = catching([&] {
      text = run_point(job, static_cast<std::size_t>(index), o.sim.thread_count(), nullptr);
    });
    if (failure.code != exit_ok) text = failure.text;
    const int tag = failure.code == exit_ok          ? tag_point
                    : failure.code == exit_bad_input ? tag_bad_input
                                                     : tag_internal;
    MPI_Send(text.data(), to_count(text.size()), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
  }
}

}  // namespace

int sweep_mpi(const sweep_options& o, const std::string& version) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size == 1) return sweep(o, version);  // rank 0 runs every point itself

  // 1. Every rank reads and checks the whole sweep on its own, then the ranks compare notes.
  sweep_job job;
  if (const int code = agree(catching([&] { job = read_job(o, version); }), rank, size))
    return code;
  // 2. Every rank must have read the same sweep: rank 0's plan is the reference.
  std::string reference = job.plan_text;
  broadcast(reference, 0);
  caught mismatch;
  if (reference != job.plan_text)
    mismatch = catching([&] {
      throw model::scenario_error(
          {o.sweep}, "",
          fmt::format("MPI rank {} of {} reads a different sweep from rank 0 (other points, "
                      "replications, seed or program version): every rank must see the same "
                      "files and options",
                      rank, size));
    });
  if (const int code = agree(mismatch, rank, size)) return code;
  // 3. Rank 0 alone makes the directory ready and knows what is left to run.
  todo_list todo;
  if (const int code = agree(catching([&] {
                               if (rank == 0) todo = start_directory(job, o);
                             }),
                             rank, size))
    return code;
  // 4. The points, then (rank 0) the whole sweep, as the single-process sweep writes it.
  caught failure;
  if (rank == 0) {
    failure = coordinate(job, o, todo, size);
    if (failure.code == exit_ok) failure = catching([&] { finish_directory(job, o, todo); });
  } else {
    work(job, o);
  }
  return agree(failure, rank, size);
}

}  // namespace strikesim::cli

#endif  // STRIKESIM_MPI
