// Counts page views only after the visitor allows it. Loaded only when analytics is configured.
// The choice lives in the hc_consent cookie, which holds no secret and is read here, never by the server.
const COOKIE = "hc_consent";
const SIX_MONTHS = 182 * 24 * 3600;
const banner = document.getElementById("cookie-consent");

function choice() {
  const entry = document.cookie.split("; ").find((item) => item.startsWith(`${COOKIE}=`));
  return entry ? entry.slice(COOKIE.length + 1) : null;
}

function remember(value) {
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${COOKIE}=${value}; Max-Age=${SIX_MONTHS}; Path=/; SameSite=Lax${secure}`;
}

function loadAnalytics() {
  if (!banner || document.querySelector("script[data-website-id]")) return;
  const script = document.createElement("script");
  script.defer = true;
  script.src = banner.dataset.analyticsScript;
  script.dataset.websiteId = banner.dataset.analyticsSite;
  document.head.append(script);
}

function showStatus() {
  for (const status of document.querySelectorAll("[data-consent-status]")) {
    status.textContent = choice() === "analytics" ? status.dataset.on : status.dataset.off;
    status.hidden = false;
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-consent]");
  if (!button) return;
  remember(button.dataset.consent);
  if (banner) banner.hidden = true;
  if (button.dataset.consent === "analytics") loadAnalytics();
  showStatus();
});

if (choice() === "analytics") loadAnalytics();
else if (choice() === null && banner && !document.querySelector("[data-consent-page]")) banner.hidden = false;
showStatus();
