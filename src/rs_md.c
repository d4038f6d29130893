/* rs_md.c: the MD integrator, laid out as LAMMPS's Verlet + fix nvt(/sllod) + fix deform so the
   two codes integrate the same equations in the same order:

     step n -> n+1:  thermostat half step (chain, then scale thermal velocities; under
                     deformation the SLLOD term -dt/2 (h_rate h^-1) c is applied here too),
                     v += dt/2 F/m, x += dt v, [rebuild if needed], F(x), v += dt/2 F/m,
                     thermostat half step, box deformed to its value at time (n+1) dt.

   Velocities are stored in the lab frame; the streaming profile of the deforming box is
   u(x) = h_rate s (s = fractional coordinates), so c = v - u(x) is the thermal (peculiar)
   velocity used for the temperature, the thermostat and the kinetic stress (LAMMPS compute
   temp/deform). An atom re-entering through a y face changes v_x by the box-velocity difference
   (LAMMPS `remap v`), done in RsSystem at the wrap. The Nose-Hoover chain follows
   Martyna-Tuckerman-Klein with LAMMPS's masses (Q0 = N_f kB T / omega^2, Qi = kB T / omega^2,
   omega = 1 / tdamp) and Trotter splitting (one loop). The deformed box is computed from the
   elapsed time, not accumulated, so long runs do not drift and restarts are exact. */
#include "rs_md.h"
#include "rs_stop.h"
#include "rs_checkpoint.h"
#include "rs_log.h"
#include "rs_rng.h"
#include "rs_units.h"
#include <math.h>

const char *const RsEnsembles[] = {"nve", "nvt", "npt", "RsEnsemble", "RS_ENSEMBLE_", NULL};
const char *const RsDeforms[]   = {"none", "simple_shear", "pure_shear", "RsDeform", "RS_DEFORM_", NULL};
const char *const RsCouples[]   = {"iso", "aniso", "tri", "RsCouple", "RS_COUPLE_", NULL};

/* Streaming velocity u = h_rate s of the deforming box, with s = h^-1 (x - lo) expanded once per
   pass: u_x = ax (x - lo_x) + bx (y - lo_y), u_y = by (y - lo_y). */
typedef struct {
  PetscReal lo0, lo1, ax, bx, by;
} StreamCoef;

static inline StreamCoef StreamSetUp(const RsMD *md)
{
  const RsBox *b = &md->sys->box;
  StreamCoef   c;
  const PetscReal iLx = 1.0 / b->Lx, iLy = 1.0 / b->Ly;
  c.lo0 = b->lo[0];
  c.lo1 = b->lo[1];
  c.ax  = md->hrate[0] * iLx;
  c.bx  = -md->hrate[0] * b->xy * iLx * iLy + md->hrate[2] * iLy;
  c.by  = md->hrate[1] * iLy;
  return c;
}

static inline void Stream(const StreamCoef *c, const PetscReal x[2], PetscReal u[2])
{
  const PetscReal dx = x[0] - c->lo0, dy = x[1] - c->lo1;
  u[0]               = c->ax * dx + c->bx * dy;
  u[1]               = c->by * dy;
}

PetscErrorCode RsMDTemperature(RsMD *md, PetscReal *t, PetscReal k[3])
{
  const RsParticles *p = &md->sys->p;
  PetscReal          acc[3] = {0, 0, 0};
  const StreamCoef   sc     = StreamSetUp(md);
  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal u[2] = {0, 0}, m = md->sys->pot->mass[p->type[i]];
    if (md->cfg->deform) Stream(&sc, &p->x[2 * i], u);
    const PetscReal cx = p->v[2 * i] - u[0], cy = p->v[2 * i + 1] - u[1];
    acc[0] += m * cx * cx;
    acc[1] += m * cy * cy;
    acc[2] += m * cx * cy;
  }
  PetscCall(RsDomainSum(&md->sys->dom, 3, acc));
  for (int a = 0; a < 3; a++) acc[a] *= RS_MVV2E;
  if (k)
    for (int a = 0; a < 3; a++) k[a] = acc[a];
  *t = md->tdof > 0 ? (acc[0] + acc[1]) / (md->tdof * RS_BOLTZ) : 0.0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Scales thermal velocities by factor and applies the SLLOD correction over dt/2. */
static void ScaleThermal(RsMD *md, PetscReal factor)
{
  RsParticles    *p  = &md->sys->p;
  const RsBox    *b  = &md->sys->box;
  const PetscReal dh = 0.5 * md->cfg->dt;
  /* h_two = h_rate h^-1 (upper triangular): xx, yy, xy */
  const PetscReal h0 = md->hrate[0] / b->Lx, h1 = md->hrate[1] / b->Ly, h5 = -md->hrate[0] * b->xy / (b->Lx * b->Ly) + md->hrate[2] / b->Ly;
  const StreamCoef sc = StreamSetUp(md);
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal u[2] = {0, 0};
    if (md->cfg->deform) Stream(&sc, &p->x[2 * i], u);
    const PetscReal cx = p->v[2 * i] - u[0], cy = p->v[2 * i + 1] - u[1];
    p->v[2 * i]     = cx * factor - dh * (h0 * cx + h5 * cy) + u[0];
    p->v[2 * i + 1] = cy * factor - dh * (h1 * cy) + u[1];
  }
}

static void TempTarget(RsMD *md)
{
  PetscReal delta = (PetscReal)(md->step - md->beginStep);
  if (delta != 0.0) delta /= (PetscReal)(md->endStep - md->beginStep);
  md->tTarget = md->cfg->tstart + delta * (md->cfg->tstop - md->cfg->tstart);
}

/* What a Nose-Hoover chain thermostats: scales it by factor and returns its new kinetic
   energy [eV] (particles' thermal velocities, or the barostat's strain rates). */
typedef PetscReal (*ChainScale)(RsMD *md, PetscReal factor);

/* Half-step Trotter propagation of a Nose-Hoover chain of length M (LAMMPS nhc_temp_integrate
   and nhc_press_integrate share it): ke is the thermostatted kinetic energy, keTarget its
   target, kT the target of the chain's upper links; masses are set by the caller. */
static void ChainTrotter(RsMD *md, PetscInt M, PetscReal kT, PetscReal keTarget, PetscReal ke, PetscReal *eta, PetscReal *etaDot, PetscReal *etaDotDot, const PetscReal *mass, ChainScale scale)
{
  const PetscReal dt = md->cfg->dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt, dthalf = 0.5 * dt;
  PetscReal       expfac;
  etaDotDot[0] = mass[0] > 0 ? (ke - keTarget) / mass[0] : 0.0;
  for (PetscInt i = M - 1; i > 0; i--) {
    expfac = exp(-dt8 * etaDot[i + 1]);
    etaDot[i] *= expfac;
    etaDot[i] += etaDotDot[i] * dt4;
    etaDot[i] *= expfac;
  }
  expfac = exp(-dt8 * etaDot[1]);
  etaDot[0] *= expfac;
  etaDot[0] += etaDotDot[0] * dt4;
  etaDot[0] *= expfac;
  ke           = scale(md, exp(-dthalf * etaDot[0]));
  etaDotDot[0] = mass[0] > 0 ? (ke - keTarget) / mass[0] : 0.0;
  for (PetscInt i = 0; i < M; i++) eta[i] += dthalf * etaDot[i];
  etaDot[0] *= expfac;
  etaDot[0] += etaDotDot[0] * dt4;
  etaDot[0] *= expfac;
  for (PetscInt i = 1; i < M; i++) {
    expfac = exp(-dt8 * etaDot[i + 1]);
    etaDot[i] *= expfac;
    etaDotDot[i] = mass[i] > 0 ? (mass[i - 1] * etaDot[i - 1] * etaDot[i - 1] - kT) / mass[i] : 0.0;
    etaDot[i] += etaDotDot[i] * dt4;
    etaDot[i] *= expfac;
  }
}

static PetscReal ScaleParticles(RsMD *md, PetscReal factor)
{
  ScaleThermal(md, factor);
  md->tCurrent *= factor * factor;
  return md->tdof * RS_BOLTZ * md->tCurrent;
}

/* Half step of the particle thermostat (masses Q0 = N_f kT / omega^2, Qi = kT / omega^2). */
static void ChainHalfStep(RsMD *md)
{
  const PetscReal tfreq = 1.0 / md->cfg->tdamp, kT = RS_BOLTZ * md->tTarget;
  md->etaMass[0]        = md->tdof * kT / (tfreq * tfreq);
  for (PetscInt i = 1; i < md->mtchain; i++) md->etaMass[i] = kT / (tfreq * tfreq);
  ChainTrotter(md, md->mtchain, kT, md->tdof * kT, md->tdof * RS_BOLTZ * md->tCurrent, md->eta, md->etaDot, md->etaDotDot, md->etaMass, ScaleParticles);
}

/* v += dt/2 F/m (LAMMPS nve_v). */
static void KickHalf(RsMD *md)
{
  RsParticles    *p   = &md->sys->p;
  const PetscReal dtf = 0.5 * md->cfg->dt * RS_FTM2V;
  PetscReal       dtfm_t[RS_MAX_TYPES];
  for (PetscInt t = 0; t < md->sys->pot->ntypes; t++) dtfm_t[t] = dtf / md->sys->pot->mass[t];
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal dtfm = dtfm_t[p->type[i]];
    p->v[2 * i] += dtfm * p->f[2 * i];
    p->v[2 * i + 1] += dtfm * p->f[2 * i + 1];
  }
}

/* Box at step `step` of the deformation (from the elapsed time; flips add whole Lx to xy). */
static void DeformBox(RsMD *md)
{
  RsBox          *b = &md->sys->box;
  const PetscReal t = (md->step - md->deformStep0) * md->cfg->dt, r = md->cfg->rate * 1e-12;
  md->strain        = r * t;
  if (md->cfg->deform == RS_DEFORM_SIMPLE_SHEAR) {
    b->xy = md->box0.xy + md->hrate[2] * t + md->sys->tiltShift;
  } else if (md->cfg->deform == RS_DEFORM_PURE_SHEAR) {
    const PetscReal area = md->box0.Lx * md->box0.Ly, Lx = md->box0.Lx * (1.0 + r * t), Ly = area / Lx;
    md->hrate[1]         = (Ly - b->Ly) / md->cfg->dt;
    b->Lx                = Lx;
    b->Ly                = Ly;
  }
  for (int a = 0; a < 3; a++) md->sys->vrate[a] = md->hrate[a];
}

/* Draws Maxwell-Boltzmann velocities at temperature T from the counter-based RNG (keyed by atom
   id, so independent of rank layout), removes the centre-of-mass motion and rescales to T
   exactly (like LAMMPS `velocity create T seed dist gaussian mom yes`). */
static PetscErrorCode CreateVelocities(RsMD *md, PetscReal T)
{
  RsParticles *p = &md->sys->p;
  PetscReal    mom[3] = {0, 0, 0}, t;
  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal m = md->sys->pot->mass[p->type[i]], sd = sqrt(RS_BOLTZ * T / (m * RS_MVV2E));
    for (int k = 0; k < 2; k++) p->v[2 * i + k] = sd * RsRngNormal((uint64_t)md->cfg->seed, RS_RNG_VELOCITY, (uint64_t)p->id[i], 0, (uint64_t)k);
    mom[0] += m * p->v[2 * i];
    mom[1] += m * p->v[2 * i + 1];
    mom[2] += m;
  }
  PetscCall(RsDomainSum(&md->sys->dom, 3, mom));
  for (PetscInt i = 0; i < p->n; i++) {
    p->v[2 * i] -= mom[0] / mom[2];
    p->v[2 * i + 1] -= mom[1] / mom[2];
  }
  PetscCall(RsMDTemperature(md, &t, NULL));
  if (t > 0) {
    const PetscReal s = sqrt(T / t);
    for (PetscInt i = 0; i < 2 * p->n; i++) p->v[i] *= s;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Barostat (NPT, LAMMPS fix npt with MTK terms, 2D): box strain rates omegaDot (x, y and, with
   couple tri, the tilt) driven by the pressure difference, a Nose-Hoover chain on them, and the
   box propagated as h' = exp(omegaDot dt/2) h about the box centre (atoms scaled affinely). */
static PetscInt BaroDims(const RsMD *md) { return md->cfg->couple == RS_COUPLE_TRI ? 3 : 2; }

/* Pressure tensor (eV/A^2) from velocities and the last virial, coupled as the barostat needs. */
static PetscErrorCode BaroPressure(RsMD *md, PetscReal kin[3])
{
  const RsParticles *p = &md->sys->p;
  PetscReal          k[3] = {0, 0, 0};
  PetscFunctionBegin;
  for (PetscInt i = 0; i < p->n; i++) {
    const PetscReal m = md->sys->pot->mass[p->type[i]], vx = p->v[2 * i], vy = p->v[2 * i + 1];
    k[0] += m * vx * vx;
    k[1] += m * vy * vy;
    k[2] += m * vx * vy;
  }
  PetscCall(RsDomainSum(&md->sys->dom, 3, k));
  for (int a = 0; a < 3; a++) k[a] *= RS_MVV2E;
  const PetscReal A = RsBoxArea(&md->sys->box);
  PetscReal       P[3];
  for (int a = 0; a < 3; a++) P[a] = (k[a] + md->sys->last.virial[a]) / A;
  if (md->cfg->couple == RS_COUPLE_ISO) md->pCurrent[0] = md->pCurrent[1] = 0.5 * (P[0] + P[1]);
  else {
    md->pCurrent[0] = P[0];
    md->pCurrent[1] = P[1];
  }
  md->pCurrent[2] = P[2];
  if (kin)
    for (int a = 0; a < 3; a++) kin[a] = k[a];
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void BaroMasses(RsMD *md)
{
  const PetscReal kt = RS_BOLTZ * md->tTarget, pfreq = 1.0 / md->cfg->pdamp;
  for (int i = 0; i < 3; i++) md->omegaMass[i] = (md->natoms + 1) * kt / (pfreq * pfreq);
  for (PetscInt i = 0; i < md->cfg->pchain; i++) md->etapMass[i] = kt / (pfreq * pfreq);
}

/* LAMMPS nh_omega_dot (2D): half-step update of the box strain rates. */
static void BaroOmegaDot(RsMD *md, const PetscReal kin[3])
{
  const PetscReal dthalf = 0.5 * md->cfg->dt, A = RsBoxArea(&md->sys->box);
  const PetscReal ptarget = md->cfg->pressure * md->sys->thickness / RS_EVA3_TO_MPA, pdim = 2.0;
  PetscReal       mtk1 = md->cfg->couple == RS_COUPLE_ISO ? md->tdof * RS_BOLTZ * md->tCurrent : kin[0] + kin[1];
  mtk1 /= pdim * md->natoms;
  for (int i = 0; i < 2; i++) md->omegaDot[i] += ((md->pCurrent[i] - ptarget) * A / md->omegaMass[i] + mtk1 / md->omegaMass[i]) * dthalf;
  md->mtk2 = (md->omegaDot[0] + md->omegaDot[1]) / (pdim * md->natoms);
  if (md->cfg->couple == RS_COUPLE_TRI) md->omegaDot[2] += md->pCurrent[2] * A / md->omegaMass[2] * dthalf;
}

/* LAMMPS nh_v_press: velocities scaled by the box motion (and sheared by the tilt rate). */
static void BaroVelocities(RsMD *md)
{
  RsParticles    *p = &md->sys->p;
  const PetscReal dt4 = 0.25 * md->cfg->dt, dthalf = 0.5 * md->cfg->dt;
  const PetscReal f0 = exp(-dt4 * (md->omegaDot[0] + md->mtk2)), f1 = exp(-dt4 * (md->omegaDot[1] + md->mtk2));
  const PetscBool tri = md->cfg->couple == RS_COUPLE_TRI;
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal *v = &p->v[2 * i];
    v[0] *= f0;
    v[1] *= f1;
    if (tri) v[0] += -dthalf * v[1] * md->omegaDot[2];
    v[0] *= f0;
    v[1] *= f1;
  }
}

/* LAMMPS remap (2D): half-step change of the box about its centre, atoms moved affinely. */
static void BaroRemap(RsMD *md)
{
  RsBox          *b = &md->sys->box;
  RsParticles    *p = &md->sys->p;
  const PetscReal dto = 0.5 * md->cfg->dt, dto2 = dto / 2, dto4 = dto / 4;
  const PetscBool tri = md->cfg->couple == RS_COUPLE_TRI;
  for (PetscInt i = 0; i < p->n; i++) RsBoxToFrac(b, &p->x[2 * i], &p->x[2 * i]); /* to fractional, in place */
  PetscReal cx = b->lo[0] + 0.5 * b->Lx, cy = b->lo[1] + 0.5 * b->Ly, e;
  if (tri) {
    e = exp(dto4 * md->omegaDot[0]);
    b->xy *= e;
    b->xy += dto2 * md->omegaDot[2] * b->Ly;
    b->xy *= e;
  }
  e       = exp(dto * md->omegaDot[0]);
  b->lo[0] = (b->lo[0] - cx) * e + cx;
  b->Lx *= e;
  e       = exp(dto * md->omegaDot[1]);
  b->lo[1] = (b->lo[1] - cy) * e + cy;
  b->Ly *= e;
  if (!tri) b->xy *= e;
  if (tri) {
    e = exp(dto4 * md->omegaDot[0]);
    b->xy *= e;
    b->xy += dto2 * md->omegaDot[2] * b->Ly;
    b->xy *= e;
  }
  for (PetscInt i = 0; i < p->n; i++) {
    PetscReal s[2] = {p->x[2 * i], p->x[2 * i + 1]};
    RsBoxFromFrac(b, s, &p->x[2 * i]);
  }
}

static PetscReal ScaleBarostat(RsMD *md, PetscReal factor)
{
  PetscReal ke = 0;
  for (PetscInt i = 0; i < BaroDims(md); i++) {
    md->omegaDot[i] *= factor;
    ke += md->omegaMass[i] * md->omegaDot[i] * md->omegaDot[i];
  }
  return ke;
}

/* LAMMPS nhc_press_integrate: the Nose-Hoover chain thermostatting the barostat. */
static void BaroChainHalfStep(RsMD *md)
{
  const PetscReal kt = RS_BOLTZ * md->tTarget;
  const PetscInt  M = md->cfg->pchain, nd = BaroDims(md);
  PetscReal       ke = 0;
  BaroMasses(md);
  for (PetscInt i = 1; i < M; i++) md->etapDotDot[i] = md->etapMass[i] > 0 ? (md->etapMass[i - 1] * md->etapDot[i - 1] * md->etapDot[i - 1] - kt) / md->etapMass[i] : 0.0;
  for (PetscInt i = 0; i < nd; i++) ke += md->omegaMass[i] * md->omegaDot[i] * md->omegaDot[i];
  ChainTrotter(md, M, kt, md->cfg->couple == RS_COUPLE_ISO ? kt : nd * kt, ke, md->etap, md->etapDot, md->etapDotDot, md->etapMass, ScaleBarostat);
}

PetscErrorCode RsMDSetUp(RsMD *md, const RsMDConfig *cfg, RsSystem *sys, PetscBool resume)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(md, sizeof *md));
  md->cfg = cfg;
  md->sys = sys;
  PetscCall(RsSystemCountAtoms(sys, &md->natoms));
  md->tdof    = 2.0 * md->natoms - 2.0;
  md->mtchain = cfg->tchain;
  md->kinStep = -1;
  if (resume) {
    PetscCall(RsCheckpointLoad(md, cfg->ckptFile));
    md->tdof               = 2.0 * md->natoms - 2.0;
    md->sys->forceRebuild  = PETSC_TRUE;
    PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  md->box0    = sys->box;
  if (cfg->deform == RS_DEFORM_SIMPLE_SHEAR) md->hrate[2] = cfg->rate * 1e-12 * sys->box.Ly;
  if (cfg->deform == RS_DEFORM_PURE_SHEAR) md->hrate[0] = cfg->rate * 1e-12 * sys->box.Lx;
  for (int a = 0; a < 3; a++) sys->vrate[a] = md->hrate[a];
  if (cfg->steps > 0) md->endStep = cfg->steps;
  else {
    PetscCheck(cfg->deform && cfg->rate > 0 && cfg->strain > 0, sys->dom.comm, RS_ERR_INPUT, "give -md_steps, or a deformation with -md_rate and -md_strain");
    md->endStep = (PetscInt64)ceil(cfg->strain / (cfg->rate * 1e-12 * cfg->dt) - 1e-9);
  }
  if (cfg->velocityT >= 0) PetscCall(CreateVelocities(md, cfg->velocityT));
  if (cfg->deform && cfg->streamProfile) { /* start in steady flow: thermal + streaming velocity */
    RsParticles     *p  = &sys->p;
    const StreamCoef sc = StreamSetUp(md);
    for (PetscInt i = 0; i < p->n; i++) {
      PetscReal u[2];
      Stream(&sc, &p->x[2 * i], u);
      p->v[2 * i] += u[0];
      p->v[2 * i + 1] += u[1];
    }
  }
  PetscCall(RsSystemComputeForces(sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  TempTarget(md);
  PetscCall(RsMDTemperature(md, &md->tCurrent, NULL));
  if (cfg->ensemble == RS_ENSEMBLE_NPT) {
    PetscCheck(!cfg->deform, sys->dom.comm, RS_ERR_INPUT, "-md_ensemble npt cannot be combined with -md_deform (the box is either driven or free)");
    BaroMasses(md);
    for (PetscInt i = 1; i < cfg->pchain; i++) md->etapDotDot[i] = (md->etapMass[i - 1] * md->etapDot[i - 1] * md->etapDot[i - 1] - RS_BOLTZ * md->tTarget) / md->etapMass[i];
  }
  if (cfg->ensemble != RS_ENSEMBLE_NVE) {
    const PetscReal tfreq = 1.0 / cfg->tdamp, kT = RS_BOLTZ * md->tTarget;
    md->etaMass[0]        = md->tdof * kT / (tfreq * tfreq);
    for (PetscInt i = 1; i < md->mtchain; i++) md->etaMass[i] = kT / (tfreq * tfreq);
    for (PetscInt i = 1; i < md->mtchain; i++) md->etaDotDot[i] = (md->etaMass[i - 1] * md->etaDot[i - 1] * md->etaDot[i - 1] - kT) / md->etaMass[i];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDStep(RsMD *md, int flags)
{
  RsParticles    *p   = &md->sys->p;
  const PetscBool npt = md->cfg->ensemble == RS_ENSEMBLE_NPT, thermo = md->cfg->ensemble != RS_ENSEMBLE_NVE;
  const PetscReal dt  = md->cfg->dt;
  PetscReal       kin[3];
  PetscFunctionBegin;
  md->step++;
  if (npt) BaroChainHalfStep(md);
  if (thermo) {
    TempTarget(md);
    ChainHalfStep(md);
  }
  if (npt) {
    PetscCall(BaroPressure(md, kin));
    if (md->cfg->couple == RS_COUPLE_ISO) PetscCall(RsMDTemperature(md, &md->tCurrent, NULL));
    BaroOmegaDot(md, kin);
    BaroVelocities(md);
  }
  KickHalf(md);
  if (npt) BaroRemap(md);
  PetscReal vmax2 = 0;
  for (PetscInt i = 0; i < p->n; i++) {
    p->x[2 * i] += dt * p->v[2 * i];
    p->x[2 * i + 1] += dt * p->v[2 * i + 1];
    vmax2 = PetscMax(vmax2, p->v[2 * i] * p->v[2 * i] + p->v[2 * i + 1] * p->v[2 * i + 1]);
  }
  md->sys->lastMove = dt * sqrt(vmax2);
  if (npt) BaroRemap(md);
  PetscCall(RsSystemComputeForces(md->sys, npt ? flags | RS_FORCE_VIRIAL : flags));
  KickHalf(md);
  if (npt) BaroVelocities(md);
  if (thermo || (flags & RS_FORCE_VIRIAL)) { /* one pass serves the thermostat and the observables */
    PetscCall(RsMDTemperature(md, &md->tLast, md->kinLast));
    md->kinStep = md->step;
    if (thermo) md->tCurrent = md->tLast;
  }
  if (npt) {
    PetscCall(BaroPressure(md, kin));
    BaroOmegaDot(md, kin);
  }
  if (thermo) ChainHalfStep(md);
  if (npt) BaroChainHalfStep(md);
  if (md->cfg->deform) DeformBox(md);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDCheckpoint(RsMD *md)
{
  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(RS_EventIO, 0, 0, 0, 0));
  PetscCall(RsCheckpointSave(md, md->cfg->ckptFile));
  PetscCall(PetscLogEventEnd(RS_EventIO, 0, 0, 0, 0));
  md->sys->forceRebuild = PETSC_TRUE;
  PetscCall(RsSystemComputeForces(md->sys, RS_FORCE_ENERGY | RS_FORCE_VIRIAL));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDSetExtra(RsMD *md, PetscInt n, const PetscReal *v)
{
  PetscFunctionBegin;
  if (n > md->nextra || !md->extra) {
    PetscCall(PetscFree(md->extra));
    PetscCall(PetscMalloc1(n + 1, &md->extra));
  }
  md->nextra = n;
  if (n) PetscCall(PetscArraycpy(md->extra, v, n));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDRelease(RsMD *md)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(md->record));
  PetscCall(PetscFree(md->extra));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Stops the task on NaN/Inf energy, lost atoms or a too-large step (science failures). */
static PetscErrorCode CheckHealth(RsMD *md, PetscReal pe)
{
  PetscInt64 n;
  PetscFunctionBegin;
  PetscCall(RsSystemCountAtoms(md->sys, &n));
  PetscCheck(n == md->natoms, md->sys->dom.comm, RS_ERR_SCIENCE, "lost atoms at step %lld: %lld of %lld left", (long long)md->step, (long long)n, (long long)md->natoms);
  PetscCheck(!isnan(pe) && !isinf(pe), md->sys->dom.comm, RS_ERR_SCIENCE, "potential energy is %g at step %lld (atoms overlapping? timestep too large?)", (double)pe, (long long)md->step);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDRecordAppend(RsMD *md, const RsRecordPoint *pt)
{
  PetscFunctionBegin;
  if (md->nrecord >= md->maxrecord) {
    RsRecordPoint *r;
    PetscInt       nnew = 2 * md->maxrecord + 256;
    PetscCall(PetscMalloc1(nnew, &r));
    if (md->nrecord) PetscCall(PetscArraycpy(r, md->record, md->nrecord));
    PetscCall(PetscFree(md->record));
    md->record    = r;
    md->maxrecord = nnew;
  }
  md->record[md->nrecord++] = *pt;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Adds one stress sample to the record and closes points at every recordStrain boundary. */
static PetscErrorCode RecordSample(RsMD *md, const PetscReal sigma[3], PetscReal pe, PetscReal T)
{
  PetscFunctionBegin;
  const PetscReal v[6] = {md->strain, sigma[0], sigma[1], sigma[2], pe / md->natoms, T};
  for (int a = 0; a < 6; a++) md->acc[a] += v[a];
  md->nacc++;
  const PetscReal edge = (md->nrecord + 1) * md->cfg->recordStrain;
  if (md->strain >= edge * (1 - 1e-12) || md->step == md->endStep) {
    const RsRecordPoint pt = {md->acc[0] / md->nacc, md->acc[1] / md->nacc, md->acc[2] / md->nacc, md->acc[3] / md->nacc, md->acc[4] / md->nacc, md->acc[5] / md->nacc};
    PetscCall(RsMDRecordAppend(md, &pt));
    for (int a = 0; a < 6; a++) md->acc[a] = 0;
    md->nacc = 0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Energy, temperature and stress of the current state (the last evaluation had the virial). */
PetscErrorCode RsMDObserve(RsMD *md, PetscReal *pe, PetscReal *T, PetscReal *ke, PetscReal sigma[3])
{
  PetscReal k[3];
  PetscFunctionBegin;
  if (md->kinStep == md->step) { /* measured in this step after the last kick (RsMDStep) */
    *T = md->tLast;
    for (int a = 0; a < 3; a++) k[a] = md->kinLast[a];
  } else PetscCall(RsMDTemperature(md, T, k));
  *pe                   = md->sys->last.energy;
  *ke                   = 0.5 * (k[0] + k[1]);
  const RsSystem *sys   = md->sys;
  const PetscReal scale = RS_EVA3_TO_MPA / (RsBoxArea(&sys->box) * sys->thickness);
  for (int a = 0; a < 3; a++) sigma[a] = -(k[a] + sys->last.virial[a]) * scale;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Thermo(RsMD *md, PetscBool header, PetscLogDouble *tlast, PetscInt64 *slast)
{
  PetscReal      pe, T, ke, s[3];
  PetscLogDouble now;
  MPI_Comm       comm = md->sys->dom.comm;
  PetscFunctionBegin;
  PetscCall(RsMDObserve(md, &pe, &T, &ke, s));
  PetscCall(CheckHealth(md, pe));
  PetscCall(PetscTime(&now));
  if (header) PetscCall(PetscPrintf(comm, "%10s %10s %8s %8s %16s %14s %10s %10s %10s %10s %9s %10s %8s\n", "step", "time_ps", "strain", "T_K", "pe_eV", "ke_eV", "sxx_MPa", "syy_MPa", "sxy_MPa", "P_MPa", "A/atom", "Matom-st/s", "eta_s"));
  const double rate = now > *tlast && md->step > *slast ? (double)md->natoms * (md->step - *slast) / (now - *tlast) : 0;
  const double eta  = rate > 0 ? (double)md->natoms * (md->endStep - md->step) / rate : 0;
  PetscCall(PetscPrintf(comm, "%10lld %10.4f %8.5f %8.2f %16.8f %14.8f %10.3f %10.3f %10.3f %10.3f %9.5f %10.3f %8.0f\n", (long long)md->step, (double)(md->step * md->cfg->dt), (double)md->strain, (double)T, (double)pe, (double)ke, (double)s[0], (double)s[1], (double)s[2], (double)(-0.5 * (s[0] + s[1])), (double)(RsBoxArea(&md->sys->box) / md->natoms), rate * 1e-6, eta));
  *tlast = now;
  *slast = md->step;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode RsMDRun(RsMD *md)
{
  const RsMDConfig *cfg = md->cfg;
  PetscLogDouble    tlast;
  PetscInt64        slast = md->step;
  PetscInt          sampleEvery = 1;
  PetscFunctionBegin;
  if (cfg->deform) { /* about ten stress samples per record interval, at most every 10 steps */
    const PetscReal stepsPerPoint = cfg->recordStrain / (cfg->rate * 1e-12 * cfg->dt);
    sampleEvery                   = (PetscInt)PetscMax(1, PetscMin(10, floor(stepsPerPoint / 10)));
  }
  PetscCall(PetscTime(&tlast));
  PetscCall(Thermo(md, PETSC_TRUE, &tlast, &slast));
  if (md->hook && md->hookEvery > 0 && md->step == 0) PetscCall(md->hook(md, md->hookCtx));
  while (md->step < md->endStep) {
    const PetscInt64 next    = md->step + 1;
    const PetscBool  thermo  = next == md->endStep || (cfg->thermoEvery > 0 && next % cfg->thermoEvery == 0);
    const PetscBool  sample  = cfg->deform && (next % sampleEvery == 0 || next == md->endStep);
    PetscCall(PetscLogEventBegin(RS_EventIntegrate, 0, 0, 0, 0));
    PetscCall(RsMDStep(md, thermo || sample ? RS_FORCE_ENERGY | RS_FORCE_VIRIAL : 0));
    PetscCall(PetscLogEventEnd(RS_EventIntegrate, 0, 0, 0, 0));
    if (sample) {
      PetscReal pe, T, ke, s[3];
      PetscCall(RsMDObserve(md, &pe, &T, &ke, s));
      PetscCall(RecordSample(md, s, pe, T));
    }
    if (thermo) PetscCall(Thermo(md, PETSC_FALSE, &tlast, &slast));
    if (md->hook && md->hookEvery > 0 && md->step % md->hookEvery == 0) PetscCall(md->hook(md, md->hookCtx));
    if (cfg->ckptFile[0] && cfg->ckptEvery > 0 && md->step % cfg->ckptEvery == 0 && md->step < md->endStep) {
      PetscBool stop;
      PetscCall(RsMDCheckpoint(md));
      PetscCall(RsStopAgreed(&md->sys->dom, &stop)); /* a safe point: stop here on a signal or the wall time */
      if (stop) {
        const char *why = "another rank's request";
        (void)RsStopRequested(&why);
        md->stopped = PETSC_TRUE;
        PetscCall(PetscPrintf(md->sys->dom.comm, "# stopped at step %lld of %lld (%s), checkpoint written; run the same command again to continue\n", (long long)md->step, (long long)md->endStep, why));
        break;
      }
    }
    if (cfg->stopStep > 0 && md->step == cfg->stopStep && md->step < md->endStep) {
      if (cfg->ckptFile[0] && (cfg->ckptEvery <= 0 || md->step % cfg->ckptEvery)) PetscCall(RsMDCheckpoint(md));
      md->stopped = PETSC_TRUE;
      PetscCall(PetscPrintf(md->sys->dom.comm, "# stopped at step %lld of %lld (-md_stop_step)%s\n", (long long)md->step, (long long)md->endStep, cfg->ckptFile[0] ? "; run the same command again to continue" : ""));
      break;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
