#include "faces.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace {

// A classifier must not be shared between threads while it detects, and loading one takes a
// tenth of a second, so each worker thread keeps its own.
cv::CascadeClassifier &classifier(const std::string &path) {
    thread_local std::map<std::string, cv::CascadeClassifier> loaded;
    auto found = loaded.find(path);
    if (found != loaded.end()) return found->second;
    cv::CascadeClassifier cascade;
    if (!cascade.load(path)) throw std::runtime_error("cannot load the face detector " + path);
    return loaded.emplace(path, std::move(cascade)).first->second;
}

bool overlapping(const cv::Rect &a, const cv::Rect &b) {
    double shared = (a & b).area();
    return shared > 0.3 * std::min(a.area(), b.area());
}

// Boxes of the same face from different detectors become one box covering all of them.
std::vector<cv::Rect> merged(std::vector<cv::Rect> boxes) {
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < boxes.size() && !changed; i++) {
            for (size_t j = i + 1; j < boxes.size() && !changed; j++) {
                if (overlapping(boxes[i], boxes[j])) {
                    boxes[i] |= boxes[j];
                    boxes.erase(boxes.begin() + (long)j);
                    changed = true;
                }
            }
        }
    }
    return boxes;
}

}  // namespace

extern "C" int hc_detect_faces(const uint8_t *gray, int width, int height, const char *frontal_cascade,
                               const char *profile_cascade, int minimum_side, hc_face_box *boxes, int capacity,
                               int *count, char *error, size_t error_size) {
    try {
        // The worker gives imaging one thread, so that it never starves the requests and queries
        // beside it; OpenCV would otherwise spread each detection over every core.
        static const bool sequential = [] {
            cv::setNumThreads(0);
            return true;
        }();
        (void)sequential;
        cv::Mat image(height, width, CV_8UC1, const_cast<uint8_t *>(gray));
        cv::Mat equalised;
        cv::equalizeHist(image, equalised);
        cv::Size smallest(minimum_side, minimum_side);
        std::vector<cv::Rect> found, frontal, left, right;
        classifier(frontal_cascade).detectMultiScale(equalised, frontal, 1.1, 5, 0, smallest);
        // The profile detector knows faces turned one way only; the mirrored image finds the others.
        cv::CascadeClassifier &profile = classifier(profile_cascade);
        profile.detectMultiScale(equalised, left, 1.1, 5, 0, smallest);
        cv::Mat mirrored;
        cv::flip(equalised, mirrored, 1);
        profile.detectMultiScale(mirrored, right, 1.1, 5, 0, smallest);
        found.insert(found.end(), frontal.begin(), frontal.end());
        found.insert(found.end(), left.begin(), left.end());
        for (const cv::Rect &box : right) found.emplace_back(width - box.x - box.width, box.y, box.width, box.height);
        std::vector<cv::Rect> faces = merged(found);
        int written = 0;
        for (const cv::Rect &box : faces) {
            if (written == capacity) break;
            boxes[written++] = hc_face_box{box.x, box.y, box.width, box.height};
        }
        *count = written;
        return 0;
    } catch (const std::exception &failure) {
        std::snprintf(error, error_size, "%s", failure.what());
        return -1;
    }
}
