# The kernel and model suites, the same natively (tests/CMakeLists.txt) and for WebAssembly under
# node (tests/web/CMakeLists.txt): a suite added here runs in both. The including file defines
# strikesim_add_test(NAME SOURCES...) (sources relative to tests/) and sets STRIKESIM_TESTS (this
# folder) and STRIKESIM_ROOT (the project's).
set(model_data STRIKESIM_TEST_DATA="${STRIKESIM_TESTS}/model/data"
               STRIKESIM_SCENARIOS="${STRIKESIM_ROOT}/scenarios")

strikesim_add_test(test_sim_kernel sim/simulation_test.cpp sim/resource_test.cpp
                   sim/schedule_test.cpp sim/random_test.cpp sim/stats_test.cpp
                   sim/streaming_test.cpp)
target_link_libraries(test_sim_kernel PRIVATE strikesim::sim)

strikesim_add_test(test_sim_queueing sim/queueing_test.cpp)
target_link_libraries(test_sim_queueing PRIVATE strikesim::sim)

strikesim_add_test(test_model_reader model/reader_test.cpp model/csv_test.cpp)
target_link_libraries(test_model_reader PRIVATE strikesim::reports)
target_compile_definitions(test_model_reader PRIVATE ${model_data})

strikesim_add_test(test_model_planner model/planner_test.cpp)
target_link_libraries(test_model_planner PRIVATE strikesim::reports)
target_compile_definitions(test_model_planner PRIVATE ${model_data})

strikesim_add_test(test_model_simulate model/simulate_test.cpp model/behaviour_test.cpp
                   model/decision_test.cpp model/sensitivity_test.cpp model/svg_test.cpp
                   model/metrics_test.cpp model/demand_test.cpp
                   model/senior_cover_test.cpp model/run_result_test.cpp
                   model/regime_test.cpp
                   model/striking_grades_test.cpp model/shown_ranges_test.cpp
                   model/clustering_test.cpp)
target_link_libraries(test_model_simulate PRIVATE strikesim::reports nlohmann_json::nlohmann_json)
target_compile_definitions(test_model_simulate PRIVATE ${model_data})

strikesim_add_test(test_model_drawn_files model/drawn_files_test.cpp)
target_link_libraries(test_model_drawn_files PRIVATE strikesim::reports
                      nlohmann_json::nlohmann_json)
target_compile_definitions(test_model_drawn_files PRIVATE ${model_data})

strikesim_add_test(test_model_psa model/psa_test.cpp)
target_link_libraries(test_model_psa PRIVATE strikesim::reports nlohmann_json::nlohmann_json)
target_compile_definitions(test_model_psa PRIVATE ${model_data})

# Metamorphic properties of the model on 200 generated small trusts each
# (tests/model/trust_generator.hpp): more participation never cancels less, and the like.
strikesim_add_test(test_model_metamorphic model/metamorphic_test.cpp)
target_link_libraries(test_model_metamorphic PRIVATE strikesim::files)
target_compile_definitions(test_model_metamorphic PRIVATE ${model_data})
