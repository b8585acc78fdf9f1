// What Swift sees of OpenCV's face detectors: plain C over a grayscale buffer. The image is decoded
// by libvips (whose loaders are the fuzzed, allow-listed ones), never by OpenCV's codecs.
#ifndef HC_FACES_H
#define HC_FACES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int x;
    int y;
    int width;
    int height;
} hc_face_box;

/// Finds faces looking at the camera and in profile (either way) in an 8-bit grayscale image of
/// `width` × `height`, row by row. Writes at most `capacity` boxes, overlapping ones merged, and
/// their number to `count`. The cascades are OpenCV's Haar files at the given paths.
int hc_detect_faces(const uint8_t *gray, int width, int height, const char *frontal_cascade, const char *profile_cascade,
                    int minimum_side, hc_face_box *boxes, int capacity, int *count, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
