# Sourced by ./reasonbridge, kernels-config/kernel and bench/profile/run.sh before they start a JVM.
#
# The OpenBLAS that ND4J 1.0.0-M2.1 bundles (0.3.19) predates AVX-512 on AMD: its CPU detection gives Zen 4 its AVX2
# kernels at best and Zen 5 (family 1Ah, newer than the library) its SSE-era Barcelona kernels, while its AVX-512
# (SkylakeX) kernels run FP32 GEMMs there 1.7x faster than the AVX2 ones and 3.5x faster than Barcelona's at
# training shapes (docs/performance.md, "OpenBLAS's kernels on AMD CPUs with AVX-512"). OpenBLAS
# reads OPENBLAS_CORETYPE once, when the library loads, so it is chosen here: SkylakeX on an AMD CPU that has every
# AVX-512 extension those kernels use, unless OPENBLAS_CORETYPE is set already (Haswell keeps the AVX2 kernels).
# Intel CPUs are left to OpenBLAS's own detection, which knows them. REASONBRIDGE_CPUINFO replaces /proc/cpuinfo
# (for tests).
reasonbridge_cpuinfo="${REASONBRIDGE_CPUINFO:-/proc/cpuinfo}"
if [ -z "${OPENBLAS_CORETYPE+set}" ] && [ -r "$reasonbridge_cpuinfo" ] \
    && grep -q -m1 '^vendor_id[[:space:]]*: AuthenticAMD' "$reasonbridge_cpuinfo"; then
  reasonbridge_flags=" $(grep -m1 '^flags' "$reasonbridge_cpuinfo" | cut -d: -f2 || true) "
  reasonbridge_avx512=yes
  for reasonbridge_flag in avx512f avx512cd avx512bw avx512dq avx512vl; do
    [[ "$reasonbridge_flags" == *" $reasonbridge_flag "* ]] || reasonbridge_avx512=no
  done
  if [ "$reasonbridge_avx512" = yes ]; then export OPENBLAS_CORETYPE=SkylakeX; fi
  unset reasonbridge_flags reasonbridge_avx512 reasonbridge_flag
fi
unset reasonbridge_cpuinfo
