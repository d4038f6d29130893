/* LAMMPS data files: a valid file parses (wrapping atoms outside the cell); every malformed
   variant fails with a message naming the line and the problem; write -> read round trip. */
#include "rs_test.h"
#include "rs_lammps.h"

static const char good[] = "title line\n\n3 atoms\n2 atom types\n\n0 30 xlo xhi\n0 20 ylo yhi\n-0.5 0.5 zlo zhi\n5 0 0 xy xz yz\n\n"
                           "Masses\n\n1 63.546\n2 91.224\n\nAtoms # atomic\n\n"
                           "1 1 1.0 2.0 0.0 0 0 0\n2 2 4.0 5.0 0.0 1 -1 0\n3 1 31.5 2.0 0.0 0 0 0\n\n"
                           "Velocities\n\n3 0.5 0.25 0\n1 -1 2 0\n2 0 0 0\n";

static int Parse(const char *text, RsDataFile *d, char *err)
{
  return RsDataParse(text, strlen(text), d, err, 256);
}

static void test_good(void **st)
{
  RsDataFile d;
  char       err[256];
  assert_int_equal(Parse(good, &d, err), 0);
  assert_int_equal(d.natoms, 3);
  assert_int_equal(d.ntypes, 2);
  assert_true(d.tilt[0] == 5.0 && d.hi[0] == 30.0);
  assert_int_equal(d.image[3], -1);
  assert_true(d.v[4] == 0.5 && d.v[5] == 0.25 && d.v[0] == -1.0);
  assert_true(d.hasVelocities);
  RsDataFree(&d);
}

/* Replaces the first occurrence of `from` in the good file by `to` and expects an error
   containing `needle`. */
static void expect_error(const char *from, const char *to, const char *needle)
{
  char        text[4096], err[256];
  const char *at = strstr(good, from);
  assert_non_null(at);
  size_t pre = (size_t)(at - good);
  snprintf(text, sizeof text, "%.*s%s%s", (int)pre, good, to, at + strlen(from));
  RsDataFile d;
  int        rc = Parse(text, &d, err);
  if (rc == 0 || !strstr(err, needle)) {
    print_error("replacing '%s' by '%s': rc %d, message '%s', expected '%s'\n", from, to, rc, err, needle);
    fail();
  }
}

static void test_errors(void **st)
{
  expect_error("3 atoms", "4 atoms", "line 21: Atoms section (line 16) ends after 3 of 4 atoms");
  expect_error("3 atoms", "2 atoms", "unexpected line after the Atoms section");
  expect_error("2 2 4.0", "2 3 4.0", "line 19: atom 2 has type 3 outside 1..2");
  expect_error("4.0 5.0", "nan 5.0", "line 19: bad number");
  expect_error("4.0 5.0", "4.0 inf", "line 19: bad number");
  expect_error("0 30 xlo", "30 30 xlo", "line 6: degenerate box");
  expect_error("5 0 0 xy", "16 0 0 xy", "exceeds half the box length");
  expect_error("5 0 0 xy", "5 1 0 xy", "xz and yz must be 0");
  expect_error("Atoms # atomic", "Atoms # full", "atom style 'full' is not supported");
  expect_error("Atoms # atomic\n\n1 1 1.0 2.0 0.0 0 0 0\n2 2 4.0 5.0 0.0 1 -1 0\n3 1 31.5 2.0 0.0 0 0 0\n", "", "Velocities section before the Atoms section");
  expect_error("3 1 31.5", "1 1 31.5", "atom id 1 appears twice");
  expect_error("3 0.5 0.25 0", "7 0.5 0.25 0", "velocity for unknown atom id 7");
  expect_error("2 atom types", "2 atom types\n5 bonds", "unsupported header line");
  expect_error("1 1 1.0 2.0 0.0 0 0 0", "1 1 1.0 2.0", "found 4 fields");
  expect_error("1 1 1.0 2.0 0.0 0 0 0", "1 1 1.0 2.0 0.3 0 0 0", "not in the 2D plane");
  expect_error("2 91.224", "2 -1", "bad Masses entry");
  {
    char       text[4096], err[256];
    RsDataFile d;
    snprintf(text, sizeof text, "%.*s", (int)(strstr(good, "Atoms") - good), good); /* header + Masses only */
    assert_int_equal(Parse(text, &d, err), -1);
    assert_non_null(strstr(err, "no Atoms section"));
  }
  expect_error("2 atom types", "9 atom types", "bad atom type count");
  expect_error("\n0 20 ylo yhi", "", "header lacks 'ylo yhi'");
}

static void test_truncated(void **st)
{
  /* every prefix of the file either parses or fails cleanly with a line number */
  size_t n = strlen(good);
  for (size_t k = 0; k < n; k++) {
    RsDataFile d;
    char       err[256] = "";
    if (RsDataParse(good, k, &d, err, sizeof err) == 0) RsDataFree(&d);
    else assert_true(!strncmp(err, "line ", 5));
  }
}

static void test_roundtrip(void **st)
{
  RsPotential pot;
  RsSystem    sys, back;
  RsTestPotential(&pot, RS_PAIR_LJ_SMOOTH_LINEAR);
  RsTestConfig(&sys, &pot, 10, 10, 3.1, 0.5, 0.3, 21);
  for (PetscInt i = 0; i < sys.p.n; i++) {
    RsBoxWrap(&sys.box, &sys.p.x[2 * i], &sys.p.image[2 * i]);
    sys.p.v[2 * i]         = 0.01 * i;
    sys.p.image[2 * i + 1] = (int)(i % 5) - 2;
  }
  char path[] = "/tmp/rs_test_roundtrip_XXXXXX";
  int  fd     = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(RsDataWrite(path, &sys, "roundtrip"), 0);
  RsDataFile d;
  assert_int_equal(RsDataRead(PETSC_COMM_SELF, path, &d), 0);
  memset(&back, 0, sizeof back);
  RsSystemSetUp(&back, PETSC_COMM_SELF, &pot, 0.5, 1.0);
  assert_int_equal(RsDataToSystem(&d, path, &back), 0);
  RsDataFree(&d);
  assert_int_equal(back.p.n, sys.p.n);
  for (PetscInt i = 0; i < sys.p.n; i++) { /* written sorted by id = index + 1 */
    assert_true(back.p.x[2 * i] == sys.p.x[2 * i] && back.p.x[2 * i + 1] == sys.p.x[2 * i + 1]);
    assert_true(back.p.v[2 * i] == sys.p.v[2 * i]);
    assert_int_equal(back.p.image[2 * i + 1], sys.p.image[2 * i + 1]);
    assert_int_equal(back.p.type[i], sys.p.type[i]);
  }
  assert_true(back.box.xy == sys.box.xy && back.box.Lx == sys.box.Lx);
  /* a mass that disagrees with the potential is refused, naming the line */
  RsDataFile d2;
  char       err[256];
  char       text[4096];
  snprintf(text, sizeof text, "%s", good);
  char *m = strstr(text, "91.224");
  memcpy(m, "91.000", 6);
  assert_int_equal(Parse(text, &d2, err), 0);
  RS_ASSERT_FAILS_WITH(RsDataToSystem(&d2, "x.data", &back), "x.data' line 14: mass 91");
  RsDataFree(&d2);
  RS_ASSERT_FAILS_WITH(RsDataRead(PETSC_COMM_SELF, "/nonexistent/file.data", &d2), "cannot open data file '/nonexistent/file.data'");
  unlink(path);
  RsSystemRelease(&sys);
  RsSystemRelease(&back);
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_good), cmocka_unit_test(test_errors), cmocka_unit_test(test_truncated), cmocka_unit_test(test_roundtrip)};
  int                     rc      = cmocka_run_group_tests_name("lammps", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
