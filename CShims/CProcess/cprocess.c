#include "cprocess.h"

#if defined(__linux__)
#include <sys/prctl.h>

int cprocess_die_with_parent(int signal) { return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0) == 0; }
#else
int cprocess_die_with_parent(int signal) {
    (void)signal;
    return 0;
}
#endif
