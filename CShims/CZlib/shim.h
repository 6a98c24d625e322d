/* zlib for VolumeIO (gzip of .nii.gz and NRRD). Nothing else imports it. */
#include <zlib.h>
