import Markup

extension HomePage: Node {
    public func render(into buffer: inout String) {
        let t = chrome.localizer
        PageLayout(
            chrome: chrome,
            title: t.t("Hills Clinic"),
            summary: t.t("Limb lengthening and deformity correction for patients from around the world.")
        ) {
            section(.class("hero"), .aria(.labelledby, "home-title")) {
                h1(.id("home-title")) { t.t("Limb lengthening and deformity correction") }
                p(.class("lead")) {
                    t.t("Hills Clinic treats adults and children who need a bone lengthened or a limb deformity corrected. Our surgeons work with the Ilizarov external frame, internal lengthening nails and lengthening over a nail, and choose the method with each patient after a full assessment.")
                }
            }
            section(.class("panel"), .aria(.labelledby, "home-methods")) {
                h2(.id("home-methods")) { t.t("Methods we use") }
                ul(.class("methods")) {
                    li {
                        h3 { t.t("Ilizarov frame") }
                        p { t.t("An external ring frame that lengthens the bone gradually and can correct angles and rotation at the same time.") }
                    }
                    li {
                        h3 { t.t("Internal lengthening nail") }
                        p { t.t("A nail inside the bone, lengthened from outside the body, with no frame to wear.") }
                    }
                    li {
                        h3 { t.t("Lengthening over a nail") }
                        p { t.t("A frame for the lengthening phase combined with a nail that supports the bone, so the frame can come off sooner.") }
                    }
                }
            }
            section(.class("panel"), .aria(.labelledby, "home-abroad")) {
                h2(.id("home-abroad")) { t.t("Patients from abroad") }
                p {
                    t.t("Most of our patients travel to us from other countries. A coordinator helps you send your X-rays and medical records for a first assessment, plan your stay, and keep in touch with you and your doctor at home during recovery.")
                }
            }
            section(.class("panel"), .aria(.labelledby, "home-time")) {
                h2(.id("home-time")) { t.t("What treatment involves") }
                p {
                    t.t("Lengthening is gradual: about one millimetre of new bone a day, followed by a longer period in which the bone hardens, with physiotherapy throughout. Every plan starts with an honest conversation about the benefits, the risks and the time treatment takes.")
                }
            }
        }.render(into: &buffer)
    }
}
