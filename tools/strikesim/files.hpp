#pragma once
/// Output files of the command line: written whole or not at all.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace strikesim::cli {

/// Writes `text` to `path` through a temporary file in the same folder, flushed to disk and then
/// renamed over `path`: a reader (or a killed run) never sees half a file. An unwritable path is
/// bad input (scenario_error naming the path and `key`).
void write_whole(const std::filesystem::path& path, std::string_view text,
                 const std::string& key = "-o");

/// The same for a file that a library writes itself: `write` fills the temporary path it is given
/// (and throws std::runtime_error on failure); the file is then flushed to disk and renamed.
void write_whole_with(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path&)>& write,
                      const std::string& key = "-o");

/// Fails before any work if `-o` cannot be written: its folder is missing, it is a folder, a
/// device or a pipe, or no file can be made in its folder.
void check_output_path(const std::string& output);

/// Fails if `-o` names one of the files read: the results would replace it.
void check_not_input(const std::string& output, const std::vector<std::string>& inputs);

/// The whole of a file, or bad input naming it.
std::string read_whole(const std::filesystem::path& path);

/// Removes what a killed writer left in `dir`: temporary files of write_whole.
void remove_stale_temporaries(const std::filesystem::path& dir);

/// True for a temporary file of write_whole.
bool is_temporary(const std::filesystem::path& path);

}  // namespace strikesim::cli
