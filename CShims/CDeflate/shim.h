/* libdeflate (Debian libdeflate-dev) for VolumeIO: whole-buffer DEFLATE of the BGZF blocks of .nii.gz files.
   Nothing else imports it. */
#include <libdeflate.h>
