import Core
import Markup

extension HomePage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        let icons = chrome.context.icons
        let home = "/\(chrome.locale.rawValue)/"
        PageLayout(
            chrome: chrome,
            title: t.t("Hills Clinic"),
            summary: t.t("Limb lengthening and deformity correction for patients from around the world.")
        ) {
            section(.class("py-6 sm:py-12"), .aria(.labelledby, "home-title")) {
                h1(.id("home-title"), .class("max-w-3xl text-[clamp(1.9rem,6vw,3.25rem)] font-bold leading-tight text-ink")) {
                    t.t("Limb lengthening and deformity correction")
                }
                p(.class("mt-4 max-w-2xl text-lg text-muted")) {
                    t.t("Hills Clinic treats adults and children who need a bone lengthened or a limb deformity corrected. Our surgeons work with the Ilizarov external frame, internal lengthening nails and lengthening over a nail, and choose the method with each patient after a full assessment.")
                }
                // Stacked on phones: long labels (Persian, Russian) never re-wrap the row when the font arrives.
                div(.class("mt-6 flex flex-col gap-3 sm:flex-row sm:flex-wrap")) {
                    LinkButton(t.t("Plan your treatment"), to: SafeURL.path(chrome.locale.rawValue, "inquiry"),
                               trailing: IconView("outline/arrow-right", in: icons, flipsInRTL: true))
                    LinkButton(t.t("Methods we use"), to: SafeURL(home + "#methods")!, style: .secondary)
                }
            }
            section(.id("methods"), .class("py-8"), .aria(.labelledby, "home-methods")) {
                h2(.id("home-methods"), .class("mb-4 text-2xl font-bold")) { t.t("Methods we use") }
                ul(.class("grid gap-4 md:grid-cols-3")) {
                    li {
                        Card(title: t.t("Ilizarov frame")) {
                            p { t.t("An external ring frame that lengthens the bone gradually and can correct angles and rotation at the same time.") }
                        }
                    }
                    li {
                        Card(title: t.t("Internal lengthening nail")) {
                            p { t.t("A nail inside the bone, lengthened from outside the body, with no frame to wear.") }
                        }
                    }
                    li {
                        Card(title: t.t("Lengthening over a nail")) {
                            p { t.t("A frame for the lengthening phase combined with a nail that supports the bone, so the frame can come off sooner.") }
                        }
                    }
                }
            }
            section(.id("abroad"), .class("py-8"), .aria(.labelledby, "home-abroad")) {
                div(.class("rounded-2xl bg-brand-800 p-6 text-white sm:p-10")) {
                    h2(.id("home-abroad"), .class("text-2xl font-bold")) { t.t("Patients from abroad") }
                    p(.class("mt-3 max-w-3xl text-brand-50")) {
                        t.t("Most of our patients travel to us from other countries. A coordinator helps you send your X-rays and medical records for a first assessment, plan your stay, and keep in touch with you and your doctor at home during recovery.")
                    }
                    ol(.class("mt-6 grid gap-4 sm:grid-cols-3")) {
                        for (number, step) in [
                            t.t("Send your X-rays and medical records."),
                            t.t("A surgeon reviews them and proposes a plan."),
                            t.t("We help you plan your stay and your recovery at home."),
                        ].enumerated() {
                            li(.class("flex gap-3 rounded-xl bg-brand-900/60 p-4")) {
                                span(.class("inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-white font-bold text-brand-800"), .aria(.hidden, "true")) {
                                    Numerals.localized(String(number + 1), for: chrome.locale)
                                }
                                span { step }
                            }
                        }
                    }
                }
            }
            section(.id("treatment"), .class("py-8"), .aria(.labelledby, "home-time")) {
                h2(.id("home-time"), .class("mb-3 text-2xl font-bold")) { t.t("What treatment involves") }
                p(.class("max-w-3xl text-muted")) {
                    t.t("Lengthening is gradual: about one millimetre of new bone a day, followed by a longer period in which the bone hardens, with physiotherapy throughout. Every plan starts with an honest conversation about the benefits, the risks and the time treatment takes.")
                }
            }
            section(.id("questions"), .class("py-8"), .aria(.labelledby, "home-questions")) {
                h2(.id("home-questions"), .class("mb-4 text-2xl font-bold")) { t.t("Questions patients ask") }
                Accordion(items: [
                    .init(title: t.t("How long does treatment take?"),
                          body: t.t("It depends on how much length is needed. The bone grows by about one millimetre a day, and the new bone then needs more time to harden than it took to grow. The surgeon gives you an estimate for your own case after the assessment.")),
                    .init(title: t.t("Can I send my X-rays before I travel?"),
                          body: t.t("Yes. The first assessment is based on your X-rays and medical records, so you know before you travel whether treatment is possible and which method suits you.")),
                    .init(title: t.t("Will I need physiotherapy?"),
                          body: t.t("Yes. Physiotherapy keeps the joints moving and the muscles strong while the bone lengthens, and it continues after the frame or nail comes out.")),
                ], icons: icons)
            }
        }.render(into: &buffer)
    }
}
