# Sourced by ./reasonbridge, kernels-config/kernel and bench/profile/run.sh before they start a JVM: the OpenBLAS
# choices that must be made before the library loads (its kernels, then which library).
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

# Which OpenBLAS library ND4J calls: REASONBRIDGE_BLAS=auto (the default: the system's OpenBLAS when one of at least
# 0.3.21 is installed, e.g. Debian 12's libopenblas0-pthread, else the bundled one), bundled (the 0.3.19 that Maven
# brings with ND4J), system (the distribution's libopenblas.so.0; an error when there is none) or the path of a
# libopenblas.so.0. Another library is preloaded (LD_PRELOAD), so ND4J's BLAS calls and the projections' direct
# GEMMs all resolve to it: Debian's 0.3.21 runs the GEMMs of a prefill ~1.1x and of a training step ~1.05x faster
# than the bundled 0.3.19 (same kernels; bytedeco's own newer builds are no faster: docs/performance.md, "A system
# OpenBLAS"). "auto" reads the version from the file the library's link resolves to (Debian: libopenblasp-r0.3.21.so)
# and keeps the bundled library for older or unnamed ones, whose kernels this project has not been checked with.
# Another library rounds differently: results are not bit-identical to the bundled one's. The preloaded library's
# thread-local storage sits on every thread's stack, which overflows the JVM's small "process reaper" stack:
# REASONBRIDGE_BLAS_JAVA_OPTS gives it the default size. REASONBRIDGE_LIBDIRS replaces the folders searched for
# "system" and "auto" (for tests).
REASONBRIDGE_BLAS_JAVA_OPTS=""
reasonbridge_blas="${REASONBRIDGE_BLAS:-auto}"
if [ "$reasonbridge_blas" = system ] || [ "$reasonbridge_blas" = auto ]; then
  reasonbridge_found=""
  for reasonbridge_dir in ${REASONBRIDGE_LIBDIRS:-/usr/lib/$(uname -m)-linux-gnu /usr/lib64 /usr/lib}; do
    for reasonbridge_flavour in openblas-pthread openblas-openmp openblas-serial .; do
      if [ -r "$reasonbridge_dir/$reasonbridge_flavour/libopenblas.so.0" ]; then
        reasonbridge_found="$reasonbridge_dir/$reasonbridge_flavour/libopenblas.so.0"
        break 2
      fi
    done
  done
  unset reasonbridge_dir reasonbridge_flavour
  if [ "$reasonbridge_blas" = auto ]; then
    # the version in the resolved file's name (libopenblasp-r0.3.21.so, libopenblas-r0.3.26.so): 0.3.21 or newer
    reasonbridge_version="$(basename "$(readlink -f "${reasonbridge_found:-/nonexistent}")" \
      | sed -n 's/.*-r0\.3\.\([0-9][0-9]*\)\.so$/\1/p')"
    if [ -n "$reasonbridge_version" ] && [ "$reasonbridge_version" -ge 21 ]; then
      reasonbridge_blas="$reasonbridge_found"
    else
      reasonbridge_blas=bundled
    fi
    unset reasonbridge_version
  elif [ -n "$reasonbridge_found" ]; then
    reasonbridge_blas="$reasonbridge_found"
  else
    echo "reasonbridge: REASONBRIDGE_BLAS=system, but no libopenblas.so.0 was found" \
      "(on Debian: apt-get install libopenblas0-pthread)" >&2
    unset reasonbridge_blas reasonbridge_found
    return 1
  fi
  unset reasonbridge_found
fi
if [ "$reasonbridge_blas" != bundled ]; then
  if [ ! -r "$reasonbridge_blas" ] || [ -d "$reasonbridge_blas" ]; then
    echo "reasonbridge: REASONBRIDGE_BLAS=$reasonbridge_blas is not a readable library file" \
      "(use auto, bundled, system or the path of a libopenblas.so.0)" >&2
    unset reasonbridge_blas
    return 1
  fi
  export LD_PRELOAD="$reasonbridge_blas${LD_PRELOAD:+:$LD_PRELOAD}"
  # what was added, so that `bench` can start its PyTorch peer without it (the peer keeps its own BLAS)
  export REASONBRIDGE_BLAS_PRELOAD="$reasonbridge_blas"
  REASONBRIDGE_BLAS_JAVA_OPTS="-Djdk.lang.processReaperUseDefaultStackSize=true"
fi
unset reasonbridge_blas
