import Core
import Foundation
import Markup
import Media

/// The photo under review with its face boxes and focal point drawn over it (an SVG in the image's
/// own pixels, so no inline style is needed), and the focal point's numeric form. With
/// `media-review.js`, dragging on the photo draws a new face box into the face form, or a click
/// sets the focal point; the numbers stay the way to do both by keyboard.
public struct AdminMediaReview: Node {
    public static let requiredAssets = ["build/js/media-review.js"]
    let page: AdminMediaAssetPage

    public func render(into buffer: inout String) {
        let t = page.chrome.localizer
        let asset = page.item.asset
        let width = max(asset.width, 1), height = max(asset.height, 1)
        let stroke = max(2, width / 300)
        section(.aria(.labelledby, "photo-title"), .class(AdminMediaAssetPage.sectionClasses)) {
            h2(.id("photo-title"), .class(AdminMediaAssetPage.headingClasses)) { t.t("The photo") }
            if let preview = page.item.previewURL.flatMap(SafeURL.init) {
                fieldset(.hidden, .data("review-modes", ""), .class("flex flex-wrap gap-4")) {
                    legend(.class("mb-1 font-semibold")) { t.t("Dragging on the photo") }
                    label(.class("flex min-h-11 items-center gap-2")) {
                        input(.type("radio"), .name("review-mode"), .value("face"), .checked, .class("size-5 accent-brand-700"))
                        t.t("draws a face box")
                    }
                    label(.class("flex min-h-11 items-center gap-2")) {
                        input(.type("radio"), .name("review-mode"), .value("focal"), .class("size-5 accent-brand-700"))
                        t.t("sets the focal point")
                    }
                }
                figure(.class("flex flex-col gap-2")) {
                    div(.class("relative touch-none select-none"), .data("review", ""), .data("width", String(width)), .data("height", String(height))) {
                        img(.src(preview), .alt(asset.alt[t.locale.rawValue] ?? asset.title), .width(width), .height(height),
                            .class("block h-auto w-full rounded-xl"), .draggable(false))
                        svg(.viewBox("0 0 \(width) \(height)"), .preserveAspectRatio("none"), .aria(.hidden, "true"), .focusableFalse,
                            .class("pointer-events-none absolute inset-0 size-full"), .data("review-overlay", "")) {
                            for (index, face) in asset.faceBoxes.enumerated() {
                                rect(.x(face.box.x), .y(face.box.y), .width(face.box.width), .height(face.box.height), .fill("none"),
                                     .stroke(face.source == .detected ? "#f59e0b" : "#22d3ee"), .strokeWidth(String(stroke)), .nonScalingStroke,
                                     .data("box", String(index)))
                            }
                            circle(.cx(Int(asset.focalX * Double(width))), .cy(Int(asset.focalY * Double(height))), .r(max(6, width / 80)),
                                   .fill("none"), .stroke("#ffffff"), .strokeWidth("3"), .nonScalingStroke, .data("focal", ""))
                        }
                    }
                    figcaption(.class("text-sm text-muted")) {
                        t.t("Faces marked: {count}. Orange ones were found by the detector, blue ones drawn by a person. The circle is the focal point.",
                            ["count": Numerals.localized(String(asset.faceBoxes.count), for: t.locale)])
                    }
                }
                script(src: page.chrome.context.assets.url("build/js/media-review.js"))
            } else {
                p(.role("status")) { t.t("The photo is still being checked for viruses and faces. Reload the page in a moment.") }
            }
            form(.method(.post), .action(page.action("focal-point")), .class("flex flex-col gap-3"), .data("focal-form", "")) {
                page.csrf()
                fieldset(.class("flex flex-col gap-3")) {
                    legend(.class("font-semibold")) { t.t("Focal point") }
                    p(.id("focal-hint"), .class("text-sm text-muted")) { t.t("Where crops keep the subject in view, in percent from the left and from the top.") }
                    if let error = page.errors["focal"] { p(.id("field-focal"), .class("text-sm font-semibold text-red-800")) { error } }
                    div(.class("grid grid-cols-2 gap-3")) {
                        FormField(name: "focal_x", label: t.t("From the left (%)"), control: .number,
                                  value: page.value("focal_x", Self.percent(asset.focalX, t.locale)))
                        FormField(name: "focal_y", label: t.t("From the top (%)"), control: .number,
                                  value: page.value("focal_y", Self.percent(asset.focalY, t.locale)))
                    }
                }
                div { Button(t.t("Save the focal point"), style: .secondary) }
            }
        }.render(into: &buffer)
    }

    static func percent(_ fraction: Double, _ locale: SiteLocale) -> String {
        let value = (fraction * 1000).rounded() / 10
        return value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// The face boxes as numbers, one group per box with its removal, and an empty group for a new
/// one: everything the pointer can do on the photo, done by keyboard.
struct AdminMediaFaceForm: Node {
    let page: AdminMediaAssetPage

    func render(into buffer: inout String) {
        let t = page.chrome.localizer
        let asset = page.item.asset
        let boxes = asset.faceBoxes.map(\.box)
        section(.aria(.labelledby, "faces-title"), .class(AdminMediaAssetPage.sectionClasses)) {
            h2(.id("faces-title"), .class(AdminMediaAssetPage.headingClasses)) { t.t("Faces") }
            p(.class("text-muted")) {
                t.t("The detector misses faces: look at the whole photo. Boxes are in pixels of the image, which is {width} × {height}.",
                    ["width": Numerals.localized(String(asset.width), for: t.locale), "height": Numerals.localized(String(asset.height), for: t.locale)])
            }
            form(.method(.post), .action(page.action("faces")), .class("flex flex-col gap-4"), .data("face-form", "")) {
                page.csrf()
                for (index, box) in (boxes.map(Optional.some) + [nil]).enumerated() {
                    fieldset(.class("flex flex-col gap-2 rounded-xl border border-line p-3"), .data(box == nil ? "new-box" : "face-box", String(index))) {
                        legend(.class("px-1 font-semibold")) {
                            box == nil ? t.t("Add a face box") : t.t("Face {number}", ["number": Numerals.localized(String(index + 1), for: t.locale)])
                        }
                        div(.class("grid grid-cols-2 gap-3 sm:grid-cols-4")) {
                            for (key, label) in [("x", t.t("From the left")), ("y", t.t("From the top")), ("width", t.t("Width")), ("height", t.t("Height"))] {
                                let name = "box_\(index)_\(key)"
                                let stored = box.map { box in String(key == "x" ? box.x : key == "y" ? box.y : key == "width" ? box.width : box.height) } ?? ""
                                FormField(name: name, label: label, control: .number, value: page.value(name, stored), error: page.errors[name])
                            }
                        }
                        if box != nil {
                            FormField(name: "box_\(index)_remove", label: t.t("Remove this box"), control: .checkbox(checked: false))
                        }
                    }
                }
                div { Button(t.t("Save the faces"), style: .secondary) }
            }
        }.render(into: &buffer)
    }
}
