// Messages and formats. Every text the widget shows comes from here; a storefront overrides or
// adds languages through an element's `messages` property:
//
//   element.messages = { de: { "checkout.accept": "Akzeptieren" }, fr: { ... } };
//
// Missing keys fall back from "de-AT" to "de" to English. A message is a string with {name}
// placeholders, or a function of the parameters (for plurals).

export const MESSAGES = {
  en: {
    "checkout.heading": "Before you pay",
    "checkout.intro": "Please read the following. Tick every box marked “Required” to continue.",
    "checkout.introInfo": "Please read the following before you pay.",
    "checkout.loading": "Loading the terms…",
    "checkout.required": "Required",
    "checkout.optional": "Optional",
    "checkout.updated": "New",
    "checkout.accept": "Accept and continue",
    "checkout.accepting": "Saving your acceptance…",
    "checkout.accepted": "Accepted on {time}. You can now pay.",
    "checkout.fieldMissing": "Tick this box to continue.",
    "checkout.missing": ({ count }) =>
      count === 1
        ? "One required box is not ticked yet. Tick every box marked “Required” to continue."
        : `${count} required boxes are not ticked yet. Tick every box marked “Required” to continue.`,
    "checkout.stale":
      "The terms changed while you were reading. Please review the updated terms and accept again.",
    "checkout.notFound": "This checkout could not be found. Please reload the page.",
    "order.loading": "Loading your order…",
    "order.notFound":
      "We could not find this order. Please check the link and the email address.",
    "acceptances.heading": "Terms you accepted",
    "acceptances.none": "No terms were accepted for this order.",
    "acceptances.acceptedOn": "Accepted on {time}",
    "acceptances.version": "version {number}",
    "acceptances.consent": "You ticked: “{label}”",
    "acceptances.showText": "Show the text you accepted",
    "acceptances.record": "Record {hash}",
    "dispatch.heading": "Shipping",
    "dispatch.none": "Your order has not been shipped yet.",
    "dispatch.parcel": "Parcel {number}",
    "dispatch.shipped": "Shipped",
    "dispatch.tracking": "Tracking number",
    "dispatch.noTracking": "No tracking number yet",
    "dispatch.photos": "Photos taken when your parcel was packed",
    "dispatch.photoAlt": "Parcel {number}, photo {index}",
    "dispatch.taken": "Taken {time}",
    "dispatch.newTab": "(opens in a new tab)",
    "error.network": "Foresight could not be reached. Please check your connection and try again.",
    "error.token": "Your sign-in has expired. Please sign in again.",
    "error.unknownSaleor": "This shop is not connected to Foresight.",
    "error.config": "The widget is not set up completely: “{name}” is missing.",
    "error.generic": "Something went wrong. Please try again.",
    retry: "Try again",
  },
  de: {
    "checkout.heading": "Bevor Sie bezahlen",
    "checkout.intro":
      "Bitte lesen Sie die folgenden Hinweise. Setzen Sie bei jedem mit „Pflicht“ markierten Kästchen ein Häkchen, um fortzufahren.",
    "checkout.introInfo": "Bitte lesen Sie die folgenden Hinweise, bevor Sie bezahlen.",
    "checkout.loading": "Die Bedingungen werden geladen …",
    "checkout.required": "Pflicht",
    "checkout.optional": "Freiwillig",
    "checkout.updated": "Neu",
    "checkout.accept": "Zustimmen und fortfahren",
    "checkout.accepting": "Ihre Zustimmung wird gespeichert …",
    "checkout.accepted": "Zugestimmt am {time}. Sie können jetzt bezahlen.",
    "checkout.fieldMissing": "Bitte setzen Sie hier ein Häkchen, um fortzufahren.",
    "checkout.missing": ({ count }) =>
      count === 1
        ? "Ein Pflicht-Kästchen ist noch nicht angehakt. Bitte haken Sie jedes mit „Pflicht“ markierte Kästchen an."
        : `${count} Pflicht-Kästchen sind noch nicht angehakt. Bitte haken Sie jedes mit „Pflicht“ markierte Kästchen an.`,
    "checkout.stale":
      "Die Bedingungen haben sich geändert, während Sie gelesen haben. Bitte prüfen Sie die aktualisierten Bedingungen und stimmen Sie erneut zu.",
    "checkout.notFound": "Dieser Bestellvorgang wurde nicht gefunden. Bitte laden Sie die Seite neu.",
    "order.loading": "Ihre Bestellung wird geladen …",
    "order.notFound":
      "Diese Bestellung wurde nicht gefunden. Bitte prüfen Sie den Link und die E-Mail-Adresse.",
    "acceptances.heading": "Von Ihnen akzeptierte Bedingungen",
    "acceptances.none": "Für diese Bestellung wurden keine Bedingungen akzeptiert.",
    "acceptances.acceptedOn": "Akzeptiert am {time}",
    "acceptances.version": "Version {number}",
    "acceptances.consent": "Ihre Zustimmung: „{label}“",
    "acceptances.showText": "Den akzeptierten Text anzeigen",
    "acceptances.record": "Nachweis {hash}",
    "dispatch.heading": "Versand",
    "dispatch.none": "Ihre Bestellung wurde noch nicht versandt.",
    "dispatch.parcel": "Paket {number}",
    "dispatch.shipped": "Versandt",
    "dispatch.tracking": "Sendungsnummer",
    "dispatch.noTracking": "Noch keine Sendungsnummer",
    "dispatch.photos": "Fotos Ihres Pakets beim Verpacken",
    "dispatch.photoAlt": "Paket {number}, Foto {index}",
    "dispatch.taken": "Aufgenommen {time}",
    "dispatch.newTab": "(öffnet in einem neuen Tab)",
    "error.network":
      "Foresight ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    "error.token": "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
    "error.unknownSaleor": "Dieser Shop ist nicht mit Foresight verbunden.",
    "error.config": "Das Widget ist nicht vollständig eingerichtet: „{name}“ fehlt.",
    "error.generic": "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
    retry: "Erneut versuchen",
  },
};

export const DEFAULT_LANGUAGE = "en";

/** The language an element speaks: its own or an ancestor's `lang`, else the page's. */
export function languageOf(element) {
  const tagged = element.closest("[lang]")?.getAttribute("lang");
  return (tagged || document.documentElement.lang || DEFAULT_LANGUAGE).trim() || DEFAULT_LANGUAGE;
}

/** "de-AT" -> ["de-at", "de", "en"]. */
function fallbacks(language) {
  const tag = language.toLowerCase().replace(/_/g, "-");
  const chain = [tag];
  const base = tag.split("-")[0];
  if (base !== tag) chain.push(base);
  if (!chain.includes(DEFAULT_LANGUAGE)) chain.push(DEFAULT_LANGUAGE);
  return chain;
}

/** Lower-case the language keys of a `messages` override; anything else is refused. */
export function normaliseMessages(messages) {
  if (messages === null || messages === undefined) return null;
  if (typeof messages !== "object") throw new TypeError("messages must be an object keyed by language");
  const normalised = {};
  for (const [language, entries] of Object.entries(messages)) {
    normalised[language.toLowerCase().replace(/_/g, "-")] = { ...entries };
  }
  return normalised;
}

/** A function t(key, params) for `language`, with `overrides` taking precedence. */
export function translator(language, overrides) {
  const chain = fallbacks(language);
  return (key, params = {}) => {
    for (const tag of chain) {
      const message = overrides?.[tag]?.[key] ?? MESSAGES[tag]?.[key];
      if (message !== undefined) return interpolate(message, params);
    }
    return key;
  };
}

function interpolate(message, params) {
  if (typeof message === "function") return String(message(params));
  return String(message).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Saleor's form of a language code ("pt-BR" -> "PT_BR"), or null when it is not one. */
export function saleorLanguageCode(language) {
  const code = String(language ?? "").trim().replace(/-/g, "_").toUpperCase();
  return /^[A-Z]{2,3}(_[A-Z0-9]{2,4})?$/.test(code) ? code : null;
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A date and time for people. A value without a UTC offset (a camera's clock) is shown as the
 * wall-clock time it names, never shifted into the viewer's zone.
 */
export function formatDateTime(value, language, { dateOnly = false } = {}) {
  if (!value) return "";
  const floating = !OFFSET.test(value);
  const date = new Date(floating ? `${value}Z` : value);
  if (Number.isNaN(date.getTime())) return String(value);
  const options = dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
  if (floating) options.timeZone = "UTC";
  try {
    return new Intl.DateTimeFormat(formattingLocale(language), options).format(date);
  } catch {
    return new Intl.DateTimeFormat(DEFAULT_LANGUAGE, options).format(date);
  }
}

/** "en" on a browser set to "en-GB" formats as en-GB; a language with a region stays as given. */
function formattingLocale(language) {
  if (language.includes("-")) return language;
  const base = language.toLowerCase();
  const preferred = (globalThis.navigator?.languages ?? []).find(
    (tag) => tag.toLowerCase().split("-")[0] === base,
  );
  return preferred ?? language;
}
