/* Box geometry: wrap and image flags, minimum image at tilt 0, near the flip limit and after a
   flip, and the flip itself (unwrapped positions unchanged). */
#include "rs_test.h"
#include "rs_box.h"

static void check_wrap_and_minimage(double tiltFrac)
{
  RsBox    b = {{-2.0, 3.0}, 31.0, 27.0, tiltFrac * 31.0};
  uint64_t s = 7;
  for (int k = 0; k < 2000; k++) {
    PetscReal r[2] = {b.lo[0] + 200 * (RsTestRand(&s) - 0.5), b.lo[1] + 200 * (RsTestRand(&s) - 0.5)}, r0[2] = {r[0], r[1]};
    int       img[2] = {3, -2}, img0[2] = {3, -2};
    PetscReal u0[2], u1[2], f[2];
    RsBoxUnwrap(&b, r0, img0, u0);
    RsBoxWrap(&b, r, img);
    RsBoxUnwrap(&b, r, img, u1);
    RsBoxToFrac(&b, r, f);
    assert_true(f[0] >= 0 && f[0] < 1 && f[1] >= 0 && f[1] < 1);
    assert_true(fabs(u1[0] - u0[0]) < 1e-10 && fabs(u1[1] - u0[1]) < 1e-10);
    /* a point already inside stays bit-identical */
    PetscReal r2[2] = {r[0], r[1]};
    int       i2[2] = {0, 0};
    RsBoxWrap(&b, r2, i2);
    assert_true(r2[0] == r[0] && r2[1] == r[1] && i2[0] == 0 && i2[1] == 0);
    /* minimum image equals the shortest of all images for separations below half the width */
    PetscReal w[2];
    RsBoxWidths(&b, w);
    PetscReal d[2] = {(RsTestRand(&s) - 0.5) * 100, (RsTestRand(&s) - 0.5) * 100}, best = 1e300;
    for (int nb = -6; nb <= 6; nb++)
      for (int na = -6; na <= 6; na++) {
        double dx = d[0] + na * b.Lx + nb * b.xy, dy = d[1] + nb * b.Ly;
        best      = fmin(best, dx * dx + dy * dy);
      }
    RsBoxMinImage(&b, d);
    if (sqrt(best) < 0.5 * fmin(w[0], w[1])) assert_true(fabs(d[0] * d[0] + d[1] * d[1] - best) < 1e-9);
  }
}

static void test_tilt0(void **st) { check_wrap_and_minimage(0.0); }
static void test_near_flip(void **st) { check_wrap_and_minimage(0.4999); }
static void test_negative_tilt(void **st) { check_wrap_and_minimage(-0.4999); }

static void test_flip(void **st)
{
  for (int dir = -1; dir <= 1; dir += 2) {
    RsBox     b = {{0.0, 0.0}, 30.0, 25.0, dir * 0.52 * 30.0};
    uint64_t  s = 11;
    PetscReal x[200], u0[200];
    int       img[200];
    for (int i = 0; i < 100; i++) {
      PetscReal f[2] = {RsTestRand(&s), RsTestRand(&s)};
      RsBoxFromFrac(&b, f, &x[2 * i]);
      img[2 * i]     = (int)(7 * RsTestRand(&s)) - 3;
      img[2 * i + 1] = (int)(7 * RsTestRand(&s)) - 3;
      RsBoxUnwrap(&b, &x[2 * i], &img[2 * i], &u0[2 * i]);
    }
    int flipped;
    RsBoxFlip(&b, 100, x, img, &flipped);
    assert_int_equal(flipped, dir);
    assert_true(fabs(b.xy - dir * (0.52 - 1.0) * 30.0) < 1e-12);
    assert_true(fabs(b.xy) <= 0.5 * b.Lx);
    for (int i = 0; i < 100; i++) {
      PetscReal u[2], f[2];
      RsBoxUnwrap(&b, &x[2 * i], &img[2 * i], u);
      assert_true(fabs(u[0] - u0[2 * i]) < 1e-10 && fabs(u[1] - u0[2 * i + 1]) < 1e-10);
      RsBoxToFrac(&b, &x[2 * i], f);
      assert_true(f[0] >= 0 && f[0] < 1 && f[1] >= 0 && f[1] < 1);
    }
    RsBoxFlip(&b, 100, x, img, &flipped);
    assert_int_equal(flipped, 0);
  }
}

static void test_validate(void **st)
{
  RsBox bad = {{0, 0}, 10.0, 10.0, 5.1};
  RS_ASSERT_FAILS_WITH(RsBoxValidate(&bad, "test"), "exceeds Lx/2");
  RsBox neg = {{0, 0}, -1.0, 10.0, 0};
  RS_ASSERT_FAILS_WITH(RsBoxValidate(&neg, "test"), "must be positive");
}

int main(int argc, char **argv)
{
  RsTestInit(&argc, &argv);
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_tilt0), cmocka_unit_test(test_near_flip), cmocka_unit_test(test_negative_tilt), cmocka_unit_test(test_flip), cmocka_unit_test(test_validate)};
  int                     rc      = cmocka_run_group_tests_name("box", tests, NULL, NULL);
  PetscFinalize();
  return rc;
}
