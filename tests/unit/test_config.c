/* Configuration: YAML -> options -> RsConfig with defaults; typos and out-of-range values are
   errors naming the option; the command line wins over files; potential files are validated
   key by key. */
#include "rs_test.h"
#include "rs_config.h"
#include "rs_plan.h"

static void test_defaults_and_values(void **st)
{
  RsConfig cfg;
  assert_int_equal(RsConfigLoadYAMLString(PETSC_COMM_SELF, "model: {thickness: 2.5}\nneigh: {skin: 0.3}\n", &cfg), 0);
  assert_true(cfg.model.thickness == 2.5 && cfg.neigh.skin == 0.3);
  assert_string_equal(cfg.model.potential, "configs/potentials/p2.yaml");
  assert_int_equal(RsConfigLoadYAMLString(PETSC_COMM_SELF, "{}", &cfg), 0);
  assert_true(cfg.model.thickness == 1.0 && cfg.neigh.skin == 0.6);
}

static void test_typos_and_ranges(void **st)
{
  RsConfig cfg;
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "neigh: {skinn: 0.3}\n", &cfg), "unknown option '-neigh_skinn'");
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "modle: {thickness: 1}\n", &cfg), "unknown option '-modle_thickness'");
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "neigh: {skin: -1}\n", &cfg), "-neigh_skin must be in [0, 100)");
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "model: {thickness: 0}\n", &cfg), "-model_thickness must be positive");
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "neigh: {skin: abc}\n", &cfg), "abc");
  RS_ASSERT_FAILS_WITH(RsConfigLoadYAMLString(PETSC_COMM_SELF, "eval: {repeat: -3}\n", &cfg), "-eval_repeat must be >= 0");
}

static void WriteFile(const char *path, const char *text)
{
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
}

static void test_command_line_wins(void **st)
{
  const char *yaml = "/tmp/rs_test_cfg.yaml";
  WriteFile(yaml, "neigh: {skin: 0.5}\nmodel: {thickness: 3}\n");
  char    *argv[] = {"-options_file_yaml", (char *)yaml, "-neigh_skin", "0.7"};
  RsConfig cfg;
  PetscOptionsClear(NULL);
  assert_int_equal(RsOptionsInsert(PETSC_COMM_SELF, 4, argv), 0);
  assert_int_equal(RsConfigSetFromOptions(PETSC_COMM_SELF, &cfg), 0);
  assert_int_equal(RsConfigCheckUnused(PETSC_COMM_SELF, 4, argv), 0);
  assert_true(cfg.neigh.skin == 0.7 && cfg.model.thickness == 3.0);
  char *bad[] = {"-options_file_yaml", "/nonexistent.yaml"};
  PetscOptionsClear(NULL);
  RS_ASSERT_FAILS_WITH(RsOptionsInsert(PETSC_COMM_SELF, 2, bad), "cannot read options file '/nonexistent.yaml'");
  char *typo[] = {"-neigh_skim", "0.7"};
  PetscOptionsClear(NULL);
  assert_int_equal(RsOptionsInsert(PETSC_COMM_SELF, 2, typo), 0);
  assert_int_equal(RsConfigSetFromOptions(PETSC_COMM_SELF, &cfg), 0);
  RS_ASSERT_FAILS_WITH(RsConfigCheckUnused(PETSC_COMM_SELF, 2, typo), "unknown option '-neigh_skim' (from the command line)");
  unlink(yaml);
}

static void expect_potential_error(const char *text, const char *needle)
{
  const char *path = "/tmp/rs_test_pot.yaml";
  RsPotential pot;
  WriteFile(path, text);
  RS_ASSERT_FAILS_WITH(RsPotentialLoad(PETSC_COMM_SELF, path, &pot), needle);
  unlink(path);
}

static void test_potential_files(void **st)
{
  const char *head = "name: T\nform: lj_smooth_linear\nspecies: [Cu, Zr]\nmass: [63.546, 91.224]\n";
  char        text[1024];
  RsPotential pot;
  char        path[RS_PATH_MAX];
  assert_int_equal(RsConfigResolvePath("configs/potentials/p2.yaml", path, sizeof path), 0);
  assert_int_equal(RsPotentialLoad(PETSC_COMM_SELF, path, &pot), 0);
  assert_int_equal(pot.ntypes, 2);
  assert_true(pot.epsilon[0][1] == 0.1792 && pot.sigma[1][1] == 3.080 && pot.rcut[1][0] == 6.6 && pot.cutmax == 7.7);
  assert_int_equal(RsPotentialFindSpecies(&pot, "zr"), 1);
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 0.1, sigma: 2, rcut: 5}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\nZr_Cu: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  WriteFile("/tmp/rs_test_pot_ok.yaml", text);
  assert_int_equal(RsPotentialLoad(PETSC_COMM_SELF, "/tmp/rs_test_pot_ok.yaml", &pot), 0); /* pair key in either order */
  unlink("/tmp/rs_test_pot_ok.yaml");
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 0.1, sigma: 2, rcut: 5}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  expect_potential_error(text, "missing pair 'Cu_Zr'");
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 0.1, sigma: 2, rcut: -5}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\nCu_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  expect_potential_error(text, "key 'Cu_Cu_rcut' must be a positive number");
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 0.1, sigma: 2, rcut: 5, sigmaa: 3}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\nCu_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  expect_potential_error(text, "unknown key 'Cu_Cu_sigmaa'");
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 0.1, sigma: 2, rcut: 1.5}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\nCu_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  expect_potential_error(text, "Cu_Cu_rcut = 1.5 must exceed sigma");
  snprintf(text, sizeof text, "%sCu_Cu: {epsilon: 1e300, sigma: 1e100, rcut: 1e101}\nZr_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\nCu_Zr: {epsilon: 0.1, sigma: 2, rcut: 5}\n", head);
  expect_potential_error(text, "pair Cu_Cu gives non-finite coefficients");
  expect_potential_error("form: lj96\nspecies: [A]\nmass: [1]\n", "form");
  expect_potential_error("form: kmt84\nspecies: [A, B]\nmass: [1]\n", "key 'mass' needs 2 values");
  expect_potential_error("form: kmt84\nspecies: [A, A]\nmass: [1, 1]\n", "species 'A' listed twice");
  RS_ASSERT_FAILS_WITH(RsPotentialLoad(PETSC_COMM_SELF, "/nonexistent.yaml", &pot), "cannot read potential file '/nonexistent.yaml'");
}

/* The refusal of a changed task names the item: a changed value, an item added (an option that
   entered the key later, e.g. abc_width_sites) and an item dropped. */
static void test_key_difference(void **st)
{
  char what[256];
  RsKeyFirstDifference("a=1; b=2; c=3", "a=1; b=5; c=3", what, sizeof what);
  assert_string_equal(what, "it was made with b=2, this configuration has b=5");
  RsKeyFirstDifference("a=1; c=3", "a=1; w=16; c=3", what, sizeof what);
  assert_string_equal(what, "it was made without w=16, which this configuration has");
  RsKeyFirstDifference("a=1; w=16; c=3", "a=1; c=3", what, sizeof what);
  assert_string_equal(what, "it was made with w=16, which this configuration does not have");
  RsKeyFirstDifference("a=1; c=3", "a=1; c=3", what, sizeof what);
  assert_string_equal(what, "its parameters differ");
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_defaults_and_values), cmocka_unit_test(test_typos_and_ranges), cmocka_unit_test(test_command_line_wins), cmocka_unit_test(test_potential_files), cmocka_unit_test(test_key_difference)};
  int                     rc      = cmocka_run_group_tests_name("config", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
