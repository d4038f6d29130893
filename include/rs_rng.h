/* rs_rng.h: counter-based random numbers keyed by (seed, stream, atom id, step, k): every
   number is a pure function of its key, so results do not depend on the rank count, on atom
   order or on where a run was restarted. */
#ifndef RS_RNG_H
#define RS_RNG_H
#include <math.h>
#include <stdint.h>

/* Streams: one per purpose, so two uses of the same seed never correlate. */
enum { RS_RNG_VELOCITY = 1, RS_RNG_INSERT = 2, RS_RNG_ABC = 3, RS_RNG_METROPOLIS = 4 };

/* 64-bit finaliser of splitmix64 (a bijection with full avalanche). */
static inline uint64_t RsRngMix(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* 64 random bits for the key (seed, stream, id, step, k). */
static inline uint64_t RsRngBits(uint64_t seed, uint64_t stream, uint64_t id, uint64_t step, uint64_t k)
{
  uint64_t h = RsRngMix(seed + 0x9E3779B97F4A7C15ull);
  h          = RsRngMix(h ^ (stream * 0xD1B54A32D192ED03ull));
  h          = RsRngMix(h ^ (id + 0x8CB92BA72F3D8DD7ull));
  h          = RsRngMix(h ^ (step * 0xAEF17502108EF2D9ull));
  return RsRngMix(h ^ (k + 0x632BE59BD9B4E019ull));
}

/* Uniform in (0, 1) (never 0, so logarithms are safe). */
static inline double RsRngUniform(uint64_t seed, uint64_t stream, uint64_t id, uint64_t step, uint64_t k)
{
  return ((RsRngBits(seed, stream, id, step, k) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Standard normal (Box-Muller on the uniforms k and k + 1 of the key). */
static inline double RsRngNormal(uint64_t seed, uint64_t stream, uint64_t id, uint64_t step, uint64_t k)
{
  const double u1 = RsRngUniform(seed, stream, id, step, 2 * k), u2 = RsRngUniform(seed, stream, id, step, 2 * k + 1);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
#endif
