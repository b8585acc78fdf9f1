#include "imaging.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <vips/vips.h>

static void take_error(char *error, size_t error_size, const char *fallback) {
    const char *message = vips_error_buffer();
    snprintf(error, error_size, "%s", (message && *message) ? message : fallback);
    vips_error_clear();
}

int hc_imaging_start(int threads, char *error, size_t error_size) {
    if (VIPS_INIT("healthconnect")) {
        take_error(error, error_size, "libvips did not start");
        return -1;
    }
    // Loaders such as ImageMagick, PDFium or matio are not meant for untrusted files; uploads
    // already passed content sniffing, so only the fuzzed loaders (JPEG, PNG, WebP, HEIF) remain.
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    vips_concurrency_set(threads > 0 ? threads : 1);
    return 0;
}

// Opens the header only (pixels are decoded lazily, in strips) and refuses a vast canvas.
static VipsImage *open_checked(const char *path, VipsAccess access, int64_t max_pixels, char *error, size_t error_size) {
    VipsImage *image = vips_image_new_from_file(path, "access", access, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!image) {
        take_error(error, error_size, "the image cannot be read");
        return NULL;
    }
    if ((int64_t)image->Xsize * (int64_t)image->Ysize > max_pixels) {
        snprintf(error, error_size, "the image has more pixels than allowed");
        g_object_unref(image);
        return NULL;
    }
    return image;
}

int hc_image_size(const char *path, int64_t max_pixels, int *width, int *height, char *error, size_t error_size) {
    VipsImage *image = open_checked(path, VIPS_ACCESS_SEQUENTIAL, max_pixels, error, error_size);
    if (!image) return -1;
    gboolean swap = vips_image_get_orientation_swap(image);
    *width = swap ? image->Ysize : image->Xsize;
    *height = swap ? image->Xsize : image->Ysize;
    g_object_unref(image);
    return 0;
}

// Removes every metadata field from a private copy: libvips 8.14's WebP saver writes EXIF and the
// ICC profile even when asked to strip them, so nothing is left for any saver to write.
static VipsImage *without_metadata(VipsImage *image) {
    VipsImage *copy;
    if (vips_copy(image, &copy, NULL)) return NULL;
    gchar **fields = vips_image_get_fields(copy);
    for (int i = 0; fields[i]; i++) {
        const char *name = fields[i];
        if (g_str_has_prefix(name, "exif-") || g_str_has_prefix(name, "xmp-") || g_str_has_prefix(name, "iptc-") ||
            g_str_has_prefix(name, "icc-") || g_str_has_prefix(name, "orientation") || g_str_has_prefix(name, "gif-comment") ||
            g_str_has_prefix(name, "png-comment"))
            vips_image_remove(copy, name);
    }
    g_strfreev(fields);
    return copy;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void put_le32(uint8_t *p, uint32_t v) {
    p[0] = v & 0xFF; p[1] = (v >> 8) & 0xFF; p[2] = (v >> 16) & 0xFF; p[3] = v >> 24;
}

// libvips 8.14's WebP saver rebuilds an EXIF chunk (orientation, resolution) even with `strip`,
// so the saved RIFF container is rewritten without its EXIF, XMP and ICC chunks and their flags.
static int save_webp(VipsImage *image, const char *output, int quality, int effort) {
    void *buffer = NULL;
    size_t length = 0;
    if (vips_webpsave_buffer(image, &buffer, &length, "Q", quality, "strip", TRUE, "effort", effort, NULL)) return -1;
    uint8_t *bytes = buffer;
    size_t kept = 12;
    int failed = length < 12 || memcmp(bytes, "RIFF", 4) || memcmp(bytes + 8, "WEBP", 4);
    for (size_t at = 12; !failed && at + 8 <= length;) {
        size_t chunk = 8 + (size_t)le32(bytes + at + 4);
        chunk += chunk & 1;
        if (at + chunk > length) { failed = 1; break; }
        int metadata = !memcmp(bytes + at, "EXIF", 4) || !memcmp(bytes + at, "XMP ", 4) || !memcmp(bytes + at, "ICCP", 4);
        if (!metadata) {
            memmove(bytes + kept, bytes + at, chunk);
            // The extended header's flags: ICC (0x20), EXIF (0x08) and XMP (0x04) are gone.
            if (!memcmp(bytes + kept, "VP8X", 4) && chunk > 8) bytes[kept + 8] &= (uint8_t)~0x2C;
            kept += chunk;
        }
        at += chunk;
    }
    if (!failed) {
        put_le32(bytes + 4, (uint32_t)(kept - 8));
        FILE *file = fopen(output, "wb");
        failed = !file || fwrite(bytes, 1, kept, file) != kept;
        if (file && fclose(file)) failed = 1;
        if (failed) vips_error("healthconnect", "cannot write %s", output);
    } else {
        vips_error("healthconnect", "the WebP encoder wrote an unexpected container");
    }
    g_free(buffer);
    return failed ? -1 : 0;
}

static int save(VipsImage *image, const char *output, const hc_rendition_request *request) {
    int quality = request->quality > 0 ? request->quality : 80;
    switch (request->format) {
    case HC_FORMAT_JPEG:
        return vips_jpegsave(image, output, "Q", quality, "strip", TRUE, "interlace", TRUE,
                             "optimize_coding", TRUE, NULL);
    case HC_FORMAT_WEBP:
        return save_webp(image, output, quality, request->effort);
    case HC_FORMAT_AVIF:
        return vips_heifsave(image, output, "Q", quality, "strip", TRUE, "effort", request->effort,
                             "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1, NULL);
    case HC_FORMAT_PNG:
        return vips_pngsave(image, output, "strip", TRUE, NULL);
    }
    vips_error("healthconnect", "unknown format");
    return -1;
}

static int clamp(int value, int low, int high) {
    return value < low ? low : (value > high ? high : value);
}

int hc_render(const char *input, const char *output, const hc_rendition_request *request, int64_t max_pixels,
              int *out_width, int *out_height, char *error, size_t error_size) {
    int source_width, source_height;
    if (hc_image_size(input, max_pixels, &source_width, &source_height, error, error_size)) return -1;
    if (request->width < 1 || request->height < 0) {
        snprintf(error, error_size, "a rendition needs a positive width");
        return -1;
    }
    // Shrink so the box is covered (or, without a height, to the width), never enlarging.
    double scale = (double)request->width / source_width;
    if (request->height > 0) scale = fmax(scale, (double)request->height / source_height);
    scale = fmin(scale, 1.0);
    int shrunk_width = (int)ceil(source_width * scale);
    int shrunk_height = (int)ceil(source_height * scale);

    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 5);
    int failed = vips_thumbnail(input, &t[0], shrunk_width, "height", shrunk_height, "size", VIPS_SIZE_DOWN,
                                "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    VipsImage *current = t[0];
    if (!failed && vips_image_hasalpha(current) && request->format == HC_FORMAT_JPEG) {
        double white[3] = {255, 255, 255};
        VipsArrayDouble *background = vips_array_double_new(white, 3);
        failed = vips_flatten(current, &t[1], "background", background, NULL);
        vips_area_unref(VIPS_AREA(background));
        if (!failed) current = t[1];
    }
    if (!failed && vips_image_get_interpretation(current) != VIPS_INTERPRETATION_sRGB &&
        vips_image_get_interpretation(current) != VIPS_INTERPRETATION_B_W) {
        failed = vips_colourspace(current, &t[2], VIPS_INTERPRETATION_sRGB, NULL);
        if (!failed) current = t[2];
    }
    if (!failed && request->height > 0) {
        int width = current->Xsize < request->width ? current->Xsize : request->width;
        int height = current->Ysize < request->height ? current->Ysize : request->height;
        int left = clamp((int)lround(request->focal_x * current->Xsize - width / 2.0), 0, current->Xsize - width);
        int top = clamp((int)lround(request->focal_y * current->Ysize - height / 2.0), 0, current->Ysize - height);
        failed = vips_extract_area(current, &t[3], left, top, width, height, NULL);
        if (!failed) current = t[3];
    }
    if (!failed) {
        t[4] = without_metadata(current);
        failed = t[4] == NULL;
        if (!failed) current = t[4];
    }
    if (!failed) failed = save(current, output, request);
    if (!failed) {
        *out_width = current->Xsize;
        *out_height = current->Ysize;
    } else {
        take_error(error, error_size, "the rendition could not be made");
    }
    g_object_unref(scope);
    return failed ? -1 : 0;
}

int hc_image_rgb(const char *path, int64_t max_pixels, uint8_t *rgb, size_t capacity, char *error, size_t error_size) {
    VipsImage *image = open_checked(path, VIPS_ACCESS_RANDOM, max_pixels, error, error_size);
    if (!image) return -1;
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 4);
    int failed = vips_autorot(image, &t[0], NULL);
    if (!failed) failed = vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_sRGB, NULL);
    if (!failed) failed = vips_image_hasalpha(t[1]) ? vips_flatten(t[1], &t[2], NULL) : vips_copy(t[1], &t[2], NULL);
    if (!failed) failed = vips_cast_uchar(t[2], &t[3], NULL);
    size_t size = 0;
    void *memory = NULL;
    if (!failed) {
        memory = vips_image_write_to_memory(t[3], &size);
        failed = memory == NULL;
    }
    if (!failed && (t[3]->Bands != 3 || size > capacity)) {
        vips_error("healthconnect", "unexpected pixel layout");
        failed = 1;
    }
    if (!failed) memcpy(rgb, memory, size);
    if (failed) take_error(error, error_size, "the pixels could not be read");
    g_free(memory);
    g_object_unref(scope);
    g_object_unref(image);
    return failed ? -1 : 0;
}

int hc_image_has_metadata(const char *path, char *error, size_t error_size) {
    VipsImage *image = vips_image_new_from_file(path, NULL);
    if (!image) {
        take_error(error, error_size, "the image cannot be read");
        return -1;
    }
    const char *fields[] = {VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_IPTC_NAME, VIPS_META_ICC_NAME};
    int found = 0;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        if (vips_image_get_typeof(image, fields[i])) found = 1;
    }
    g_object_unref(image);
    return found;
}

// The upright image as 8-bit sRGB without alpha: what covering and pixel reads work on.
static int upright_rgb(VipsImage *image, VipsObject *scope, VipsImage **out) {
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 4);
    if (vips_autorot(image, &t[0], NULL)) return -1;
    if (vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_sRGB, NULL)) return -1;
    if (vips_image_hasalpha(t[1]) ? vips_flatten(t[1], &t[2], NULL) : vips_copy(t[1], &t[2], NULL)) return -1;
    if (vips_cast_uchar(t[2], &t[3], NULL)) return -1;
    *out = t[3];
    return 0;
}

int hc_image_gray(const char *path, int64_t max_pixels, int max_side, uint8_t *gray, size_t capacity, int *width,
                  int *height, char *error, size_t error_size) {
    int source_width, source_height;
    if (hc_image_size(path, max_pixels, &source_width, &source_height, error, error_size)) return -1;
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 3);
    int failed = vips_thumbnail(path, &t[0], max_side, "height", max_side, "size", VIPS_SIZE_DOWN,
                                "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!failed) failed = vips_colourspace(t[0], &t[1], VIPS_INTERPRETATION_B_W, NULL);
    if (!failed) failed = vips_extract_band(t[1], &t[2], 0, "n", 1, NULL);
    size_t size = 0;
    void *memory = NULL;
    if (!failed) {
        memory = vips_image_write_to_memory(t[2], &size);
        failed = memory == NULL || t[2]->BandFmt != VIPS_FORMAT_UCHAR || size > capacity;
        if (failed && memory) vips_error("healthconnect", "unexpected pixel layout");
    }
    if (!failed) {
        memcpy(gray, memory, size);
        *width = t[2]->Xsize;
        *height = t[2]->Ysize;
    } else {
        take_error(error, error_size, "the image could not be read for face detection");
    }
    g_free(memory);
    g_object_unref(scope);
    return failed ? -1 : 0;
}

int hc_cover_boxes(const char *input, const char *output, const hc_box *boxes, int count, int blocks, int need_width,
                   int need_height, int64_t max_pixels, char *error, size_t error_size) {
    int source_width, source_height;
    if (hc_image_size(input, max_pixels, &source_width, &source_height, error, error_size)) return -1;
    // No larger than the largest rendition needs: a 24-megapixel photo is covered at about two,
    // and shrunk on load, so covering and every rendition made from the copy stay quick and small.
    double scale = 1.0;
    if (need_width > 0 || need_height > 0) {
        scale = fmin(1.0, fmax((double)need_width / source_width, (double)need_height / source_height));
    }
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **shrunk = (VipsImage **)vips_object_local_array(scope, 2);
    VipsImage *current = NULL;
    int failed = vips_thumbnail(input, &shrunk[0], (int)ceil(source_width * scale), "height", (int)ceil(source_height * scale),
                                "size", VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, NULL)
        || upright_rgb(shrunk[0], scope, &current);
    // The thumbnail reads its source once, top to bottom; the boxes are pasted in any order.
    if (!failed) {
        shrunk[1] = vips_image_copy_memory(current);
        failed = shrunk[1] == NULL;
        if (!failed) current = shrunk[1];
    }
    double x_scale = failed ? 1 : (double)current->Xsize / source_width, y_scale = failed ? 1 : (double)current->Ysize / source_height;
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 5 * (count > 0 ? count : 1));
    for (int i = 0; !failed && i < count; i++) {
        // The box in the copy's pixels, rounded outwards so the cover never shrinks.
        int left = clamp((int)floor(boxes[i].x * x_scale), 0, current->Xsize - 1);
        int top = clamp((int)floor(boxes[i].y * y_scale), 0, current->Ysize - 1);
        int width = clamp((int)ceil((boxes[i].x + boxes[i].width) * x_scale) - left, 1, current->Xsize - left);
        int height = clamp((int)ceil((boxes[i].y + boxes[i].height) * y_scale) - top, 1, current->Ysize - top);
        // Each block is the mean of its pixels: shrink the box to the grid, then enlarge it again
        // by repeating pixels, so every block is one colour.
        int block_width = (width + blocks - 1) / blocks, block_height = (height + blocks - 1) / blocks;
        int columns = (width + block_width - 1) / block_width, rows = (height + block_height - 1) / block_height;
        VipsImage **u = t + 5 * i;
        failed = vips_extract_area(current, &u[0], left, top, width, height, NULL)
            || vips_resize(u[0], &u[1], (double)columns / width, "vscale", (double)rows / height, "kernel", VIPS_KERNEL_LINEAR, NULL)
            || vips_zoom(u[1], &u[2], block_width, block_height, NULL)
            // The enlarged grid may run past the box: only the box is replaced.
            || vips_extract_area(u[2], &u[3], 0, 0, width, height, NULL)
            || vips_insert(current, u[3], &u[4], left, top, NULL);
        if (!failed) current = u[4];
    }
    if (!failed) {
        VipsImage *clean = without_metadata(current);
        failed = clean == NULL || vips_pngsave(clean, output, "strip", TRUE, NULL);
        if (clean) g_object_unref(clean);
    }
    if (failed) take_error(error, error_size, "the faces could not be covered");
    g_object_unref(scope);
    return failed ? -1 : 0;
}
