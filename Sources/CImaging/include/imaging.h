// What Swift sees of libvips: plain functions, since libvips's own API is variadic.
#ifndef HC_IMAGING_H
#define HC_IMAGING_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    HC_FORMAT_JPEG = 0,
    HC_FORMAT_WEBP = 1,
    HC_FORMAT_AVIF = 2,
    HC_FORMAT_PNG = 3,
} hc_image_format;

/// Starts libvips once per process: loaders that are not fuzzed for hostile input are blocked, the
/// operation cache is off (every image is new) and at most `threads` threads work on one image.
int hc_imaging_start(int threads, char *error, size_t error_size);

/// The image's size as it is displayed (after its EXIF orientation), from its header alone.
/// Fails when it has more than `max_pixels` pixels.
int hc_image_size(const char *path, int64_t max_pixels, int *width, int *height, char *error, size_t error_size);

typedef struct {
    /// The rendition's width; its height, or 0 for the source's proportions.
    int width;
    int height;
    /// Where the subject is, as fractions of the displayed image: a crop keeps it in view.
    double focal_x;
    double focal_y;
    hc_image_format format;
    int quality;
    /// The encoder's effort (AVIF and WebP): lower is faster.
    int effort;
} hc_rendition_request;

/// Writes a rendition of `input` to `output`: turned upright by its EXIF orientation, converted to
/// sRGB, shrunk (never enlarged), cropped around the focal point when a height is given, and
/// saved with every piece of metadata (EXIF, XMP, IPTC, ICC) stripped.
int hc_render(const char *input, const char *output, const hc_rendition_request *request, int64_t max_pixels,
              int *out_width, int *out_height, char *error, size_t error_size);

/// The displayed image's pixels as 8-bit sRGB triples, row by row, into `rgb` (3 × width × height
/// bytes, from `hc_image_size`): for checks that look at pixels, such as whether a face is covered.
int hc_image_rgb(const char *path, int64_t max_pixels, uint8_t *rgb, size_t capacity, char *error, size_t error_size);

/// The displayed image shrunk to fit `max_side` (never enlarged), as 8-bit grayscale, row by row,
/// into `gray`: what the face detectors look at. `width` and `height` receive its size.
int hc_image_gray(const char *path, int64_t max_pixels, int max_side, uint8_t *gray, size_t capacity, int *width,
                  int *height, char *error, size_t error_size);

typedef struct {
    int x;
    int y;
    int width;
    int height;
} hc_box;

/// Writes `input` turned upright to `output` as PNG, each box (in displayed-image pixels) replaced by
/// at most `blocks` × `blocks` blocks of one colour each: a pixelation too coarse to undo. The copy
/// is shrunk as far as it can be while still at least `need_width` wide or `need_height` high
/// (whichever keeps it larger; never enlarged; 0 and 0 keep the full size).
int hc_cover_boxes(const char *input, const char *output, const hc_box *boxes, int count, int blocks, int need_width,
                   int need_height, int64_t max_pixels, char *error, size_t error_size);

/// Whether the image carries any metadata: EXIF, XMP, IPTC or an ICC profile (1), none (0), or -1.
int hc_image_has_metadata(const char *path, char *error, size_t error_size);

#endif
