#ifndef RADSTATION_CPROCESS_H
#define RADSTATION_CPROCESS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Asks the kernel to send `signal` to the calling process when its parent exits (Linux
/// `prctl(PR_SET_PDEATHSIG)`, which Swift cannot call: prctl is variadic). Returns 1 on success, 0 where
/// unsupported or refused.
int cprocess_die_with_parent(int signal);

#ifdef __cplusplus
}
#endif

#endif
