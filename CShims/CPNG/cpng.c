/* cpng.c — libpng writer behind a status-returning C ABI. See include/cpng.h. */
#include "cpng.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where libpng's error callback leaves its message. */
typedef struct cpng_error_sink {
    char *message;
    size_t capacity;
} cpng_error_sink;

static void cpng_set_message(char *message, size_t capacity, const char *text) {
    if (message == NULL || capacity == 0) return;
    if (text == NULL) text = "";
    size_t n = strlen(text);
    if (n >= capacity) n = capacity - 1;
    memcpy(message, text, n);
    message[n] = '\0';
}

static void cpng_on_error(png_structp png, png_const_charp text) {
    cpng_error_sink *sink = (cpng_error_sink *)png_get_error_ptr(png);
    if (sink != NULL) cpng_set_message(sink->message, sink->capacity, text);
    png_longjmp(png, 1);
}

static void cpng_on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text; /* silent by design */
}

static void cpng_memory_write(png_structp png, png_bytep data, size_t length) {
    cpng_buffer *out = (cpng_buffer *)png_get_io_ptr(png);
    if (length > SIZE_MAX - out->size) png_error(png, "PNG larger than addressable memory");
    size_t needed = out->size + length;
    if (needed > out->capacity) {
        size_t capacity = out->capacity < 4096 ? 4096 : out->capacity;
        while (capacity < needed) capacity = capacity > SIZE_MAX / 2 ? needed : capacity * 2;
        uint8_t *grown = (uint8_t *)realloc(out->data, capacity);
        if (grown == NULL) png_error(png, "out of memory");
        out->data = grown;
        out->capacity = capacity;
    }
    memcpy(out->data + out->size, data, length);
    out->size = needed;
}

static void cpng_memory_flush(png_structp png) { (void)png; }

static int cpng_channels(cpng_format format) {
    switch (format) {
    case CPNG_GRAY8: return 1;
    case CPNG_RGB8: return 3;
    case CPNG_RGBA8: return 4;
    case CPNG_RGBX8: return 4;
    }
    return 0;
}

static int cpng_color_type(cpng_format format) {
    switch (format) {
    case CPNG_GRAY8: return PNG_COLOR_TYPE_GRAY;
    case CPNG_RGB8: return PNG_COLOR_TYPE_RGB;
    case CPNG_RGBA8: return PNG_COLOR_TYPE_RGBA;
    case CPNG_RGBX8: return PNG_COLOR_TYPE_RGB;
    }
    return -1;
}

static cpng_status cpng_validate(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                                 cpng_format format, int level, char *message, size_t capacity) {
    int channels = cpng_channels(format);
    if (channels == 0) {
        cpng_set_message(message, capacity, "unknown pixel format");
        return CPNG_INVALID_ARGUMENT;
    }
    if (pixels == NULL || width == 0 || height == 0 || width > PNG_USER_WIDTH_MAX || height > PNG_USER_HEIGHT_MAX) {
        cpng_set_message(message, capacity, "image size must be 1…1000000 pixels per side with a pixel buffer");
        return CPNG_INVALID_ARGUMENT;
    }
    if (row_bytes / (size_t)channels < (size_t)width) {
        cpng_set_message(message, capacity, "row stride shorter than one row of pixels");
        return CPNG_INVALID_ARGUMENT;
    }
    if (level < -1 || level > 9) {
        cpng_set_message(message, capacity, "compression level must be -1…9");
        return CPNG_INVALID_ARGUMENT;
    }
    return CPNG_OK;
}

/*
 * Encodes through an already configured sink: either `file` (non-NULL) or `memory`. The only setjmp in
 * RadStation; every variable read after a longjmp is either unchanged since setjmp or volatile.
 */
static cpng_status cpng_encode(FILE *file, cpng_buffer *memory, const uint8_t *pixels, uint32_t width,
                               uint32_t height, size_t row_bytes, cpng_format format, int level,
                               char *message, size_t capacity) {
    cpng_error_sink sink = {message, capacity};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, cpng_on_error, cpng_on_warning);
    if (png == NULL) {
        cpng_set_message(message, capacity, "libpng could not allocate its write structure");
        return CPNG_OUT_OF_MEMORY;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        cpng_set_message(message, capacity, "libpng could not allocate its info structure");
        return CPNG_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return CPNG_LIBPNG_ERROR;
    }
    if (file != NULL) {
        png_init_io(png, file);
    } else {
        png_set_write_fn(png, memory, cpng_memory_write, cpng_memory_flush);
    }
    if (level >= 0) png_set_compression_level(png, level);
    png_set_IHDR(png, info, width, height, 8, cpng_color_type(format), PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (format == CPNG_RGBX8) png_set_filler(png, 0, PNG_FILLER_AFTER);
    for (uint32_t row = 0; row < height; row++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)row * row_bytes));
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CPNG_OK;
}

cpng_status cpng_write_file(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height,
                            size_t row_bytes, cpng_format format, int compression_level,
                            char *message, size_t message_capacity) {
    cpng_set_message(message, message_capacity, "");
    cpng_status status = cpng_validate(pixels, width, height, row_bytes, format, compression_level, message,
                                       message_capacity);
    if (status != CPNG_OK) return status;
    if (path == NULL) {
        cpng_set_message(message, message_capacity, "no output path");
        return CPNG_INVALID_ARGUMENT;
    }
    FILE *file = fopen(path, "wb");
    if (file == NULL) {
        cpng_set_message(message, message_capacity, strerror(errno));
        return CPNG_IO_ERROR;
    }
    status = cpng_encode(file, NULL, pixels, width, height, row_bytes, format, compression_level, message,
                         message_capacity);
    int write_failed = ferror(file);
    int close_failed = fclose(file);
    if (status == CPNG_OK && (write_failed || close_failed != 0)) {
        cpng_set_message(message, message_capacity, "could not write or close the PNG file");
        status = CPNG_IO_ERROR;
    }
    if (status != CPNG_OK) remove(path);
    return status;
}

cpng_status cpng_write_memory(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                              cpng_format format, int compression_level, cpng_buffer *out,
                              char *message, size_t message_capacity) {
    cpng_set_message(message, message_capacity, "");
    if (out == NULL) {
        cpng_set_message(message, message_capacity, "no output buffer");
        return CPNG_INVALID_ARGUMENT;
    }
    out->data = NULL;
    out->size = 0;
    out->capacity = 0;
    cpng_status status = cpng_validate(pixels, width, height, row_bytes, format, compression_level, message,
                                       message_capacity);
    if (status != CPNG_OK) return status;
    status = cpng_encode(NULL, out, pixels, width, height, row_bytes, format, compression_level, message,
                         message_capacity);
    if (status != CPNG_OK) cpng_buffer_free(out);
    return status;
}

void cpng_buffer_free(cpng_buffer *buffer) {
    if (buffer == NULL) return;
    free(buffer->data);
    buffer->data = NULL;
    buffer->size = 0;
    buffer->capacity = 0;
}

const char *cpng_libpng_version(void) { return png_get_libpng_ver(NULL); }
