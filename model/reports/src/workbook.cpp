#include "strikesim/reports/workbook.hpp"

#include <xlsxwriter.h>

#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <vector>

#include "strikesim/reports/report.hpp"

namespace strikesim::model {

namespace {

using json = nlohmann::ordered_json;

std::string str(const json& j, const char* key) {
  return j.contains(key) && j.at(key).is_string() ? j.at(key).get<std::string>() : "";
}

/// A sheet written row by row.
class sheet {
 public:
  sheet(lxw_workbook* book, const char* name, lxw_format* header)
      : ws_(workbook_add_worksheet(book, name)), header_(header) {
    if (ws_ == nullptr) throw std::runtime_error(fmt::format("cannot add the sheet {}", name));
  }
  void headers(const std::vector<const char*>& names) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(ws_, row_, static_cast<lxw_col_t>(c), names[c], header_);
      worksheet_set_column(ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 0 ? 28 : 16, nullptr);
    }
    worksheet_freeze_panes(ws_, row_ + 1, 0);
    ++row_;
  }
  sheet& text(const std::string& s) {
    worksheet_write_string(ws_, row_, col_++, s.c_str(), nullptr);
    return *this;
  }
  sheet& number(double x) {
    worksheet_write_number(ws_, row_, col_++, x, nullptr);
    return *this;
  }
  sheet& value(const json& j) {
    if (j.is_number()) return number(j.get<double>());
    if (j.is_string()) return text(j.get<std::string>());
    ++col_;
    return *this;
  }
  void end_row() {
    ++row_;
    col_ = 0;
  }
  lxw_worksheet* raw() { return ws_; }
  void skip(int rows) { row_ += static_cast<lxw_row_t>(rows); }

 private:
  lxw_worksheet* ws_;
  lxw_format* header_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

/// Every trust, then the total (named), for sheets that list both.
std::vector<json> trusts_and_total(const json& result) {
  std::vector<json> out;
  for (const json& t : result.at("trusts"))
    out.push_back(t);
  if (out.size() > 1) {
    json total = result.at("total");
    total["id"] = "total";
    total["name"] = "Total";
    out.push_back(std::move(total));
  }
  return out;
}

void stat_cells(sheet& s, const json& st) {
  s.number(st.at("mean").get<double>())
      .number(st.at("p05").get<double>())
      .number(st.at("p50").get<double>())
      .number(st.at("p95").get<double>())
      .number(st.at("ci95")[0].get<double>())
      .number(st.at("ci95")[1].get<double>());
}

}  // namespace

void write_workbook(const json& result, const std::filesystem::path& file) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  if (book == nullptr) throw std::runtime_error("cannot create the workbook");
  // A fixed creation time, so that the same seed gives the same bytes (1980-01-01, the epoch of
  // the zip entries libxlsxwriter writes).
  lxw_doc_properties properties{};
  std::string doc_title = "strikesim results";  // the C API takes char*
  properties.title = doc_title.data();
  properties.created = 315532800;
  workbook_set_properties(book, &properties);
  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bottom(header, LXW_BORDER_THIN);
  lxw_format* title = workbook_add_format(book);
  format_set_bold(title);
  format_set_font_size(title, 14);
  const json& sc = result.at("scenario");

  // Summary: the headline in A2, then every headline figure of each trust and the total.
  {
    sheet s(book, "Summary", header);
    worksheet_write_string(s.raw(), 0, 0, str(sc, "name").c_str(), title);
    worksheet_write_string(s.raw(), 1, 0, report_headline(result).c_str(), nullptr);
    worksheet_write_string(
        s.raw(), 2, 0,
        fmt::format("{} replications, seed {}; ranges are the 5th to 95th percentiles",
                    sc.at("replications").dump(), sc.at("seed").dump())
            .c_str(),
        nullptr);
    s.skip(4);
    s.headers(
        {"trust", "figure", "mean", "p05", "p50", "p95", "95% CI low", "95% CI high", "planned"});
    for (const json& t : trusts_and_total(result)) {
      const auto row = [&](const char* label, const json& st, const json& planned) {
        s.text(str(t, "name")).text(label);
        stat_cells(s, st);
        s.value(planned).end_row();
      };
      const json& ops = t.at("elective_operations");
      const json& ec = t.at("emergency_care");
      row("operations cancelled in advance", ops.at("cancelled_in_advance"), ops.at("planned"));
      row("operations cancelled on the day", ops.at("cancelled_on_the_day"), ops.at("planned"));
      row("outpatient slots cancelled", t.at("outpatient_slots").at("cancelled"),
          t.at("outpatient_slots").at("planned"));
      row("unfilled emergency role hours", ec.at("unfilled_emergency_role_hours"), nullptr);
      row("consultant hours acting down", t.at("cover").at("consultant_act_down_hours"), nullptr);
      row("ED attendances", ec.at("ed_attendances"), nullptr);
      row("ED seen within 4 hours (%)", ec.at("four_hour_percent"), nullptr);
      row("ED mean minutes in department", ec.at("mean_minutes_in_department"), nullptr);
      row("cancelled for an action called off", t.at("decision").at("unnecessary_cancellations"),
          nullptr);
      row("patient-days of delay", t.at("recovery").at("patient_days_delay"), nullptr);
      if (!t.at("recovery").at("backlog_days").is_null())
        row("days until the backlog is rebooked", t.at("recovery").at("backlog_days"), nullptr);
    }
  }
  {
    sheet s(book, "By specialty", header);
    s.headers({"trust", "specialty", "operations planned", "operations cancelled in advance", "p05",
               "p95", "operations cancelled on the day", "slots planned", "slots cancelled", "p05",
               "p95", "unfilled emergency role hours"});
    for (const json& t : result.at("trusts")) {
      for (const json& sp : t.at("by_specialty")) {
        const json& ops = sp.at("elective_operations");
        const json& slots = sp.at("outpatient_slots");
        s.text(str(t, "name")).text(str(sp, "specialty")).value(ops.at("planned"));
        s.value(ops.at("cancelled_in_advance").at("mean"))
            .value(ops.at("cancelled_in_advance").at("p05"))
            .value(ops.at("cancelled_in_advance").at("p95"))
            .value(ops.at("cancelled_on_the_day").at("mean"))
            .value(slots.at("planned"))
            .value(slots.at("cancelled").at("mean"))
            .value(slots.at("cancelled").at("p05"))
            .value(slots.at("cancelled").at("p95"))
            .value(sp.at("emergency_care").at("unfilled_emergency_role_hours").at("mean"))
            .end_row();
      }
    }
  }
  {
    sheet s(book, "Sessions", header);
    s.headers({"trust", "session", "date", "time", "specialty", "kind", "priority",
               "operations or slots", "status", "cancelled on the day (share of outcomes)",
               "reason"});
    for (const json& t : result.at("trusts")) {
      for (const json& se : t.at("sessions")) {
        s.text(str(t, "name"))
            .text(str(se, "id"))
            .text(str(se, "date"))
            .text(str(se, "time"))
            .text(str(se, "specialty"))
            .text(str(se, "kind"))
            .text(str(se, "priority"))
            .value(se.contains("operations") ? se.at("operations") : se.at("slots"))
            .text(str(se, "status"))
            .value(se.at("cancelled_on_the_day_share"))
            .text(str(se, "reason"))
            .end_row();
      }
    }
  }
  {
    sheet s(book, "Staffing by hour", header);
    s.headers({"trust", "hour", "doctors expected at work (planned)",
               "doctors needed for emergency roles", "ED patients waiting (median)", "p05", "p95"});
    for (const json& t : result.at("trusts")) {
      const std::vector<staffing_hour> staffing = staffing_by_hour(t);
      const json& waiting = t.at("ed_waiting_by_hour");
      for (std::size_t i = 0; i < staffing.size(); ++i) {
        const json& h = waiting[i];
        s.text(str(t, "name")).text(staffing[i].hour);
        s.number(staffing[i].present).number(staffing[i].needed);
        s.value(h.at("p50")).value(h.at("p05")).value(h.at("p95")).end_row();
      }
    }
  }
  {
    sheet s(book, "Decision", header);
    s.headers({"trust", "days ahead", "operations cancelled", "slots cancelled",
               "cancelled for nothing", "unfilled emergency role hours"});
    for (const json& t : trusts_and_total(result)) {
      for (const json& row : t.at("decision").at("by_lead_time")) {
        s.text(str(t, "name")).value(row.at("days"));
        for (const char* k : {"operations_cancelled", "outpatient_slots_cancelled",
                              "unnecessary_cancellations", "unfilled_emergency_role_hours"})
          s.value(row.at(k).at("mean"));
        s.end_row();
      }
    }
  }
  {
    sheet s(book, "Recovery", header);
    s.headers(
        {"date", "operations waiting (mean)", "p05", "p95", "slots waiting (mean)", "p05", "p95"});
    for (const json& d : result.at("total").at("recovery").at("backlog_by_day")) {
      s.text(str(d, "date"));
      for (const char* k : {"operations", "outpatient_slots"})
        s.value(d.at(k).at("mean")).value(d.at(k).at("p05")).value(d.at(k).at("p95"));
      s.end_row();
    }
  }
  {
    sheet s(book, "Inputs", header);
    s.headers({"input", "value"});
    const json& f = sc.at("files");
    s.text("scenario file").text(str(f, "scenario")).end_row();
    s.text("action file").text(str(f, "action")).end_row();
    s.text("policy file").text(str(f, "policy")).end_row();
    for (const json& t : f.at("trusts"))
      s.text("trust file").text(t.get<std::string>()).end_row();
    s.text("action").text(str(sc, "action")).end_row();
    s.text("policy").text(str(sc, "policy")).end_row();
    s.text("seed").value(sc.at("seed")).end_row();
    s.text("replications").value(sc.at("replications")).end_row();
    s.text("strikesim version").text(str(sc, "version")).end_row();
    s.text("reproduce with")
        .text(fmt::format("strikesim run {} --seed {} --reps {} --format xlsx -o FILE",
                          str(f, "scenario"), sc.at("seed").dump(), sc.at("replications").dump()))
        .end_row();
    s.text("sources")
        .text(
            "every number in these files carries a source tag or says it is an "
            "assumption")
        .end_row();
  }
  const lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR)
    throw std::runtime_error(fmt::format("writing the workbook failed: {}", lxw_strerror(err)));
}

}  // namespace strikesim::model
