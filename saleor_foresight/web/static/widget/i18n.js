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
    "checkout.notice": "Please note",
    "checkout.updated": "New",
    "checkout.accept": "Accept and continue",
    "checkout.accepting": "Saving your acceptance…",
    "checkout.accepted": "Accepted on {time}. You can now pay.",
    "checkout.acceptedIntro": "You accepted the terms below. If you want to read or decide again, choose “Change”.",
    "checkout.acceptedBadge": "Accepted",
    "checkout.change": "Change",
    "checkout.changing": "Tick every box marked “Required” again and accept to continue. Payment waits until you do.",
    "checkout.covers": "Applies to: {items}",
    "checkout.readMore": "Read the full terms",
    "checkout.onlyIn": "The shop has these terms in {language} only.",
    "checkout.readLess": "Show less",
    "checkout.fieldMissing": "Tick this box to continue.",
    "checkout.payHeld": "Accept the terms above to pay.",
    "checkout.missing": ({ count }) =>
      count === 1
        ? "One required box is not ticked yet. Tick every box marked “Required” to continue."
        : `${count} required boxes are not ticked yet. Tick every box marked “Required” to continue.`,
    "checkout.stale":
      "The terms changed while you were reading. Please review the updated terms and accept again.",
    "checkout.notFound": "This checkout could not be found. Please reload the page.",
    "checkout.unreachable":
      "The terms for this order could not be shown right now. You can still place your order; the shop's terms apply as published on its website.",
    "order.loading": "Loading your order…",
    "order.notFound":
      "We could not find this order. Please check the link and the email address.",
    "acceptances.heading": "Terms you accepted",
    "acceptances.none": "No terms were accepted for this order.",
    "acceptances.acceptedOn": "Accepted on {time}",
    "acceptances.version": "version {number}",
    "acceptances.consent": "You ticked: “{label}”",
    "acceptances.shown": "Shown to you before you paid.",
    "acceptances.showText": "Show the text you accepted",
    "order.heading": "Order #{number}",
    "order.items": "Items",
    "order.shippingMethod": "Shipping method",
    "dispatch.heading": "Shipping",
    "dispatch.none": "Your order has not been shipped yet.",
    "dispatch.parcel": "Parcel {number}",
    "dispatch.shipped": "Shipped",
    "dispatch.tracking": "Tracking number",
    "dispatch.noTracking": "No tracking number yet",
    "dispatch.expected": "Expected by",
    "dispatch.trackWith": "{number} (track with {carrier})",
    "dispatch.photos": "Photos taken when your parcel was packed",
    "dispatch.photoAlt": "Parcel {number}, photo {index}",
    "dispatch.taken": "Taken {time}",
    "dispatch.newTab": "(opens in a new tab)",
    "claims.heading": "Problems with this order",
    "claims.none": "You have not reported a problem with this order.",
    "claims.number": "Claim #{number}",
    "claims.reason.NOT_RECEIVED": "Not received",
    "claims.reason.DAMAGED": "Arrived damaged",
    "claims.reason.NOT_AS_DESCRIBED": "Not as described",
    "claims.reason.COLOUR_DIFFERENT": "Colour differs",
    "claims.reason.WRONG_ITEM": "Wrong item",
    "claims.reason.MISSING_ITEMS": "Items missing",
    "claims.reason.RETURN": "I want to return it",
    "claims.reason.CANCELLATION": "Cancel the order",
    "claims.reason.OTHER": "Something else",
    "claims.explain.CANCELLED":
      "The order was cancelled.",
    "claims.explain.NOT_SHIPPED":
      "Nothing has been shipped yet. If you no longer want the order, ask the shop to cancel it instead.",
    "claims.explain.CANCEL_OPEN":
      "Nothing has been shipped yet. If you no longer want the order, ask the shop to cancel it: the shop answers your request here.",
    "claims.explain.CANCEL_SHIPPED":
      "The order has shipped, so it can no longer be cancelled: return it, or tell us what is wrong with it.",
    "claims.explain.NOT_RECEIVED_OPEN":
      "Your parcel was sent on {shipped}. It was expected by {expected}. Tell us it has not arrived.",
    "claims.explain.NOT_RECEIVED_OPEN_TRACKED":
      "Your parcel was sent on {shipped} with tracking number {tracking}. It was expected by {expected}. Tell us it has not arrived.",
    "claims.explain.NOT_RECEIVED_WAIT":
      "Your parcel was sent on {shipped} and is expected by {expected}. If it has not arrived by {opens}, report it here; you may report it earlier if you must.",
    "claims.explain.NOT_RECEIVED_WAIT_TRACKED":
      "Your parcel was sent on {shipped} with tracking number {tracking} and is expected by {expected}. If it has not arrived by {opens}, report it here; you may report it earlier if you must.",
    "claims.explain.NOT_RECEIVED_BLOCKED":
      "Your parcel was sent on {shipped} and is expected by {expected}. If it has not arrived by {opens}, report it here, not before.",
    "claims.explain.NOT_RECEIVED_BLOCKED_TRACKED":
      "Your parcel was sent on {shipped} with tracking number {tracking} and is expected by {expected}. If it has not arrived by {opens}, report it here, not before.",
    "claims.explain.DAMAGED":
      "Tell us what is damaged, with photos of the item and the box.",
    "claims.explain.NOT_AS_DESCRIBED":
      "Tell us what differs from the description, with photos.",
    "claims.explain.WRONG_ITEM":
      "Tell us what you received instead, with a photo.",
    "claims.explain.MISSING_ITEMS":
      "Tell us which items are missing from the parcel.",
    "claims.explain.COLOUR":
      "Tell us how the colour differs, with a photo taken in daylight.",
    "claims.explain.COLOUR_ACCEPTED":
      "When you ordered, on {accepted}, you accepted \"{title}\": \"{label}\". If the colour is still clearly not what you expected, tell us, with a photo taken in daylight.",
    "claims.explain.RETURN_NONE":
      "Returns are not accepted.",
    "claims.explain.RETURN_NONE_ACCEPTED":
      "You accepted \"{title}\" on {accepted}: returns are not accepted.",
    "claims.explain.RETURN_ENDED":
      "Returns are accepted within {days} days of delivery. The return window ended on {ends}.",
    "claims.explain.RETURN_ENDED_ACCEPTED":
      "You accepted \"{title}\" on {accepted}: returns are accepted within {days} days of delivery. The return window ended on {ends}.",
    "claims.explain.RETURN_OPEN":
      "Returns are accepted within {days} days of delivery. Your return window is open until {ends}.",
    "claims.explain.RETURN_OPEN_ACCEPTED":
      "You accepted \"{title}\" on {accepted}: returns are accepted within {days} days of delivery. Your return window is open until {ends}.",
    "claims.explain.OTHER":
      "Tell us what is wrong.",
    "claims.status": "Status",
    "claims.status.OPEN": "Open: the shop is looking into it",
    "claims.status.WAITING_FOR_BUYER": "Waiting for your answer",
    "claims.status.OFFER_MADE": "The shop made an offer",
    "claims.status.RESOLVING": "Offer accepted: being carried out",
    "claims.status.RESOLVED": "Resolved",
    "claims.status.REJECTED": "Rejected",
    "claims.status.WITHDRAWN": "Withdrawn",
    "claims.status.ESCALATED": "Escalated",
    "claims.filed": "Reported",
    "claims.wished": "You asked for",
    "claims.items": "Items",
    "claims.line": "{quantity} × {name}",
    "claims.due": "The shop answers by",
    "claims.kind.REFUND": "A refund",
    "claims.kind.PARTIAL_REFUND": "A partial refund",
    "claims.kind.REPLACEMENT": "A replacement",
    "claims.kind.RETURN_AND_REFUND": "Return and refund",
    "claims.offer": "The shop offers: {offer}",
    "claims.includeShipping": "Shipping costs included.",
    "claims.acceptOffer": "Accept the offer",
    "claims.declineOffer": "Decline the offer",
    "claims.accepted": "You accepted the offer.",
    "claims.declined": "You declined the offer.",
    "claims.resolution": "{resolution}: {status}",
    "claims.resolutionStatus.OFFERED": "offered",
    "claims.resolutionStatus.DECLINED": "declined",
    "claims.resolutionStatus.SUPERSEDED": "replaced by a newer offer",
    "claims.resolutionStatus.SCHEDULED": "accepted, being carried out",
    "claims.resolutionStatus.RETRYING": "accepted, being carried out",
    "claims.resolutionStatus.WAITING_FOR_SALEOR": "accepted, waiting for the payment to go through",
    "claims.resolutionStatus.DONE": "done",
    "claims.resolutionStatus.FAILED": "delayed; the shop is on it",
    "claims.refunded": "Refunded: {amount}.",
    "claims.acceptConfirm": "Accept {offer}? The shop then carries it out; a refund goes back to how you paid.",
    "claims.acceptYes": "Yes, accept",
    "claims.goBack": "No, go back",
    "claims.withdrawYes": "Yes, withdraw it",
    "claims.thread": "Messages",
    "claims.said": "{author}, {time}",
    "claims.author.BUYER": "You",
    "claims.author.STAFF": "The shop",
    "claims.author.SYSTEM": "Automatic message",
    "claims.system.OFFER":
      "The shop refunds this straight away: accept the refund below and it is paid back to you. If you would rather have something else, decline it and the shop will answer.",
    "claims.photoAlt": "Your photo {index}",
    "claims.reply": "Write to the shop about claim #{number}",
    "claims.send": "Send message",
    "claims.sent": "Your message was sent.",
    "claims.messageMissing": "Please write a message.",
    "claims.escalate": "Ask for a senior review",
    "claims.escalated": "Your claim was escalated.",
    "claims.withdraw": "Withdraw the claim",
    "claims.withdrawConfirm": "Withdraw this claim? The shop will stop working on it.",
    "claims.withdrawn": "Your claim was withdrawn.",
    "claims.notFound": "This order or claim could not be found. Please reload the page.",
    "claims.report": "Report a problem",
    "claims.whichItems": "Which items are affected?",
    "claims.quantity": "How many of {name}? (up to {max})",
    "claims.step": "Step {step} of {steps}: {title}",
    "claims.details": "Tell the shop more",
    "claims.continue": "Continue",
    "claims.back": "Back",
    "claims.nothingShipped": "Nothing has shipped yet",
    "claims.nothingShippedText": "If you no longer want this order, you can ask the shop to cancel it. The shop answers your request here.",
    "claims.cancelRequest": "Request cancellation",
    "claims.cancelMessage": "Anything the shop should know? (optional)",
    "claims.cancelDefault": "Please cancel my order before it ships.",
    "claims.cancelSend": "Send the request",
    "claims.cancelSent": "Your cancellation request was sent as claim #{number}. The shop answers here.",
    "claims.nothingLeft": "already reported or returned",
    "claims.whatWrong": "What is wrong?",
    "claims.availability.OPEN": "Open",
    "claims.availability.NOT_OPEN_YET": "Not open yet",
    "claims.availability.CLOSED": "Closed",
    "claims.opensOn": "Opens {date}",
    "claims.closedOn": "Closed after {date}",
    "claims.confirmEarly": "I have read this and want to report it now anyway.",
    "claims.evidence.tracking": "Tracking number of parcel {number}:",
    "claims.evidence.expected": "Shipped {shipped}; expected by {date}.",
    "claims.evidence.photos": "Photos taken when parcel {number} was packed:",
    "claims.evidence.accepted": "At checkout you accepted: “{label}” ({time}).",
    "claims.suggestCancellation": "Nothing has been shipped yet: you can also ask the shop to cancel the order.",
    "claims.message": "Describe the problem",
    "claims.wish": "What would you like the shop to do?",
    "claims.photo": "Add photos (optional)",
    "claims.photoHint": "Up to 5 JPEG, PNG, WebP or HEIC pictures showing the problem.",
    "claims.tooManyPhotos": "Please choose at most 5 photos.",
    "claims.submit": "Send the report",
    "claims.sending": "Sending your report…",
    "claims.filedAs": "Your report was sent as claim #{number}.",
    "claims.reasonMissing": "Please choose what is wrong.",
    "claims.itemsMissing": "Please tick the items that are affected.",
    "claims.quantityInvalid": "Please enter a whole number, no more than the quantity shown.",
    "claims.confirmMissing": "Please confirm that you want to report this now.",
    "claims.error.upload": "The photo could not be uploaded. Please try again or send the report without it.",
    "claims.error.NOT_OPEN_YET": "This can not be reported yet. Please see the date shown.",
    "claims.error.CLOSED": "The time to report this has passed.",
    "claims.error.QUANTITY_EXCEEDED": "More items were entered than can still be reported.",
    "claims.error.STALE_OFFER": "The shop changed its offer. Please look at the new one.",
    "claims.error.TOO_MANY_PHOTOS": "Too many photos were added.",
    "claims.error.TOO_LARGE": "The photo is too large.",
    "claims.error.INVALID_CONTENT_TYPE": "This kind of file can not be sent. Please choose a JPEG, PNG, WebP or HEIC picture.",
    "claims.error.NOT_AN_IMAGE": "The file is not a picture.",
    "claims.error.NOT_ALLOWED": "This is not possible for this claim any more. Please reload the page.",
    "error.network": "This could not be loaded. Please check your connection and try again.",
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
    "checkout.notice": "Bitte beachten",
    "checkout.updated": "Neu",
    "checkout.accept": "Zustimmen und fortfahren",
    "checkout.accepting": "Ihre Zustimmung wird gespeichert …",
    "checkout.accepted": "Zugestimmt am {time}. Sie können jetzt bezahlen.",
    "checkout.acceptedIntro": "Sie haben den folgenden Bedingungen zugestimmt. Wenn Sie sie erneut lesen oder anders entscheiden möchten, wählen Sie „Ändern“.",
    "checkout.acceptedBadge": "Zugestimmt",
    "checkout.change": "Ändern",
    "checkout.changing": "Haken Sie jedes mit „Pflicht“ markierte Kästchen erneut an und stimmen Sie zu. Die Zahlung wartet so lange.",
    "checkout.covers": "Gilt für: {items}",
    "checkout.readMore": "Vollständige Bedingungen lesen",
    "checkout.onlyIn": "Der Shop hat diese Bedingungen nur auf {language}.",
    "checkout.readLess": "Weniger anzeigen",
    "checkout.fieldMissing": "Bitte setzen Sie hier ein Häkchen, um fortzufahren.",
    "checkout.payHeld": "Stimmen Sie den Bedingungen oben zu, um zu bezahlen.",
    "checkout.missing": ({ count }) =>
      count === 1
        ? "Ein Pflicht-Kästchen ist noch nicht angehakt. Bitte haken Sie jedes mit „Pflicht“ markierte Kästchen an."
        : `${count} Pflicht-Kästchen sind noch nicht angehakt. Bitte haken Sie jedes mit „Pflicht“ markierte Kästchen an.`,
    "checkout.stale":
      "Die Bedingungen haben sich geändert, während Sie gelesen haben. Bitte prüfen Sie die aktualisierten Bedingungen und stimmen Sie erneut zu.",
    "checkout.notFound": "Dieser Bestellvorgang wurde nicht gefunden. Bitte laden Sie die Seite neu.",
    "checkout.unreachable":
      "Die Bedingungen für diese Bestellung können gerade nicht angezeigt werden. Sie können trotzdem bestellen; es gelten die Bedingungen des Shops, wie auf seiner Website veröffentlicht.",
    "order.loading": "Ihre Bestellung wird geladen …",
    "order.notFound":
      "Diese Bestellung wurde nicht gefunden. Bitte prüfen Sie den Link und die E-Mail-Adresse.",
    "acceptances.heading": "Von Ihnen akzeptierte Bedingungen",
    "acceptances.none": "Für diese Bestellung wurden keine Bedingungen akzeptiert.",
    "acceptances.acceptedOn": "Akzeptiert am {time}",
    "acceptances.version": "Version {number}",
    "acceptances.consent": "Ihre Zustimmung: „{label}“",
    "acceptances.shown": "Vor dem Bezahlen angezeigt.",
    "acceptances.showText": "Den akzeptierten Text anzeigen",
    "order.heading": "Bestellung Nr. {number}",
    "order.items": "Artikel",
    "order.shippingMethod": "Versandart",
    "dispatch.heading": "Versand",
    "dispatch.none": "Ihre Bestellung wurde noch nicht versandt.",
    "dispatch.parcel": "Paket {number}",
    "dispatch.shipped": "Versandt",
    "dispatch.tracking": "Sendungsnummer",
    "dispatch.noTracking": "Noch keine Sendungsnummer",
    "dispatch.expected": "Voraussichtlich bis",
    "dispatch.trackWith": "{number} (bei {carrier} verfolgen)",
    "dispatch.photos": "Fotos Ihres Pakets beim Verpacken",
    "dispatch.photoAlt": "Paket {number}, Foto {index}",
    "dispatch.taken": "Aufgenommen {time}",
    "dispatch.newTab": "(öffnet in einem neuen Tab)",
    "claims.heading": "Probleme mit dieser Bestellung",
    "claims.none": "Sie haben für diese Bestellung kein Problem gemeldet.",
    "claims.number": "Reklamation Nr. {number}",
    "claims.reason.NOT_RECEIVED": "Nicht erhalten",
    "claims.reason.DAMAGED": "Beschädigt angekommen",
    "claims.reason.NOT_AS_DESCRIBED": "Nicht wie beschrieben",
    "claims.reason.COLOUR_DIFFERENT": "Farbe weicht ab",
    "claims.reason.WRONG_ITEM": "Falscher Artikel",
    "claims.reason.MISSING_ITEMS": "Artikel fehlen",
    "claims.reason.RETURN": "Ich möchte zurückgeben",
    "claims.reason.CANCELLATION": "Bestellung stornieren",
    "claims.reason.OTHER": "Etwas anderes",
    "claims.explain.CANCELLED":
      "Die Bestellung wurde storniert.",
    "claims.explain.NOT_SHIPPED":
      "Es wurde noch nichts versandt. Wenn Sie die Bestellung nicht mehr möchten, bitten Sie den Shop stattdessen, sie zu stornieren.",
    "claims.explain.CANCEL_OPEN":
      "Es wurde noch nichts versandt. Wenn Sie die Bestellung nicht mehr möchten, bitten Sie den Shop, sie zu stornieren: Der Shop beantwortet Ihre Anfrage hier.",
    "claims.explain.CANCEL_SHIPPED":
      "Die Bestellung wurde versandt und kann nicht mehr storniert werden: Senden Sie sie zurück oder sagen Sie uns, was nicht stimmt.",
    "claims.explain.NOT_RECEIVED_OPEN":
      "Ihr Paket wurde am {shipped} versandt. Es sollte bis {expected} ankommen. Sagen Sie uns, dass es nicht angekommen ist.",
    "claims.explain.NOT_RECEIVED_OPEN_TRACKED":
      "Ihr Paket wurde am {shipped} mit der Sendungsnummer {tracking} versandt. Es sollte bis {expected} ankommen. Sagen Sie uns, dass es nicht angekommen ist.",
    "claims.explain.NOT_RECEIVED_WAIT":
      "Ihr Paket wurde am {shipped} versandt und sollte bis {expected} ankommen. Wenn es bis {opens} nicht angekommen ist, melden Sie es hier; wenn nötig, können Sie es auch früher melden.",
    "claims.explain.NOT_RECEIVED_WAIT_TRACKED":
      "Ihr Paket wurde am {shipped} mit der Sendungsnummer {tracking} versandt und sollte bis {expected} ankommen. Wenn es bis {opens} nicht angekommen ist, melden Sie es hier; wenn nötig, können Sie es auch früher melden.",
    "claims.explain.NOT_RECEIVED_BLOCKED":
      "Ihr Paket wurde am {shipped} versandt und sollte bis {expected} ankommen. Wenn es bis {opens} nicht angekommen ist, melden Sie es hier, aber nicht früher.",
    "claims.explain.NOT_RECEIVED_BLOCKED_TRACKED":
      "Ihr Paket wurde am {shipped} mit der Sendungsnummer {tracking} versandt und sollte bis {expected} ankommen. Wenn es bis {opens} nicht angekommen ist, melden Sie es hier, aber nicht früher.",
    "claims.explain.DAMAGED":
      "Sagen Sie uns, was beschädigt ist, mit Fotos des Artikels und der Verpackung.",
    "claims.explain.NOT_AS_DESCRIBED":
      "Sagen Sie uns, was von der Beschreibung abweicht, mit Fotos.",
    "claims.explain.WRONG_ITEM":
      "Sagen Sie uns, was Sie stattdessen erhalten haben, mit einem Foto.",
    "claims.explain.MISSING_ITEMS":
      "Sagen Sie uns, welche Artikel im Paket fehlen.",
    "claims.explain.COLOUR":
      "Sagen Sie uns, wie die Farbe abweicht, mit einem bei Tageslicht aufgenommenen Foto.",
    "claims.explain.COLOUR_ACCEPTED":
      "Bei Ihrer Bestellung am {accepted} haben Sie „{title}“ akzeptiert: „{label}“. Wenn die Farbe trotzdem deutlich nicht Ihren Erwartungen entspricht, sagen Sie es uns, mit einem bei Tageslicht aufgenommenen Foto.",
    "claims.explain.RETURN_NONE":
      "Rücksendungen werden nicht angenommen.",
    "claims.explain.RETURN_NONE_ACCEPTED":
      "Sie haben am {accepted} „{title}“ akzeptiert: Rücksendungen werden nicht angenommen.",
    "claims.explain.RETURN_ENDED":
      "Rücksendungen werden innerhalb von {days} Tagen nach der Lieferung angenommen. Die Rückgabefrist endete am {ends}.",
    "claims.explain.RETURN_ENDED_ACCEPTED":
      "Sie haben am {accepted} „{title}“ akzeptiert: Rücksendungen werden innerhalb von {days} Tagen nach der Lieferung angenommen. Die Rückgabefrist endete am {ends}.",
    "claims.explain.RETURN_OPEN":
      "Rücksendungen werden innerhalb von {days} Tagen nach der Lieferung angenommen. Ihre Rückgabefrist läuft bis zum {ends}.",
    "claims.explain.RETURN_OPEN_ACCEPTED":
      "Sie haben am {accepted} „{title}“ akzeptiert: Rücksendungen werden innerhalb von {days} Tagen nach der Lieferung angenommen. Ihre Rückgabefrist läuft bis zum {ends}.",
    "claims.explain.OTHER":
      "Sagen Sie uns, was nicht stimmt.",
    "claims.status": "Status",
    "claims.status.OPEN": "Offen: der Shop prüft es",
    "claims.status.WAITING_FOR_BUYER": "Wartet auf Ihre Antwort",
    "claims.status.OFFER_MADE": "Der Shop hat ein Angebot gemacht",
    "claims.status.RESOLVING": "Angebot angenommen: wird ausgeführt",
    "claims.status.RESOLVED": "Erledigt",
    "claims.status.REJECTED": "Abgelehnt",
    "claims.status.WITHDRAWN": "Zurückgezogen",
    "claims.status.ESCALATED": "Eskaliert",
    "claims.filed": "Gemeldet",
    "claims.wished": "Ihr Wunsch",
    "claims.items": "Artikel",
    "claims.line": "{quantity} × {name}",
    "claims.due": "Der Shop antwortet bis",
    "claims.kind.REFUND": "Erstattung",
    "claims.kind.PARTIAL_REFUND": "Teilerstattung",
    "claims.kind.REPLACEMENT": "Ersatz",
    "claims.kind.RETURN_AND_REFUND": "Rücksendung und Erstattung",
    "claims.offer": "Der Shop bietet an: {offer}",
    "claims.includeShipping": "Versandkosten inbegriffen.",
    "claims.acceptOffer": "Angebot annehmen",
    "claims.declineOffer": "Angebot ablehnen",
    "claims.accepted": "Sie haben das Angebot angenommen.",
    "claims.declined": "Sie haben das Angebot abgelehnt.",
    "claims.resolution": "{resolution}: {status}",
    "claims.resolutionStatus.OFFERED": "angeboten",
    "claims.resolutionStatus.DECLINED": "abgelehnt",
    "claims.resolutionStatus.SUPERSEDED": "durch ein neueres Angebot ersetzt",
    "claims.resolutionStatus.SCHEDULED": "angenommen, wird ausgeführt",
    "claims.resolutionStatus.RETRYING": "angenommen, wird ausgeführt",
    "claims.resolutionStatus.WAITING_FOR_SALEOR": "angenommen, die Zahlung wird abgewickelt",
    "claims.resolutionStatus.DONE": "erledigt",
    "claims.resolutionStatus.FAILED": "verzögert; der Shop kümmert sich darum",
    "claims.refunded": "Erstattet: {amount}.",
    "claims.acceptConfirm": "{offer} annehmen? Der Shop führt es dann aus; eine Erstattung geht auf dem Weg zurück, auf dem Sie bezahlt haben.",
    "claims.acceptYes": "Ja, annehmen",
    "claims.goBack": "Nein, zurück",
    "claims.withdrawYes": "Ja, zurückziehen",
    "claims.thread": "Nachrichten",
    "claims.said": "{author}, {time}",
    "claims.author.BUYER": "Sie",
    "claims.author.STAFF": "Der Shop",
    "claims.author.SYSTEM": "Automatische Nachricht",
    "claims.system.OFFER":
      "Der Shop erstattet dies sofort: Nehmen Sie die Erstattung unten an, und Sie erhalten das Geld zurück. Wenn Sie lieber etwas anderes möchten, lehnen Sie ab, und der Shop antwortet Ihnen.",
    "claims.photoAlt": "Ihr Foto {index}",
    "claims.reply": "An den Shop schreiben (Reklamation Nr. {number})",
    "claims.send": "Nachricht senden",
    "claims.sent": "Ihre Nachricht wurde gesendet.",
    "claims.messageMissing": "Bitte schreiben Sie eine Nachricht.",
    "claims.escalate": "Überprüfung durch eine Vorgesetzte verlangen",
    "claims.escalated": "Ihre Reklamation wurde eskaliert.",
    "claims.withdraw": "Reklamation zurückziehen",
    "claims.withdrawConfirm": "Diese Reklamation zurückziehen? Der Shop bearbeitet sie dann nicht weiter.",
    "claims.withdrawn": "Ihre Reklamation wurde zurückgezogen.",
    "claims.notFound": "Diese Bestellung oder Reklamation wurde nicht gefunden. Bitte laden Sie die Seite neu.",
    "claims.report": "Ein Problem melden",
    "claims.whichItems": "Welche Artikel sind betroffen?",
    "claims.quantity": "Wie viele von {name}? (bis zu {max})",
    "claims.step": "Schritt {step} von {steps}: {title}",
    "claims.details": "Erzählen Sie dem Shop mehr",
    "claims.continue": "Weiter",
    "claims.back": "Zurück",
    "claims.nothingShipped": "Es wurde noch nichts versandt",
    "claims.nothingShippedText": "Wenn Sie diese Bestellung nicht mehr möchten, können Sie den Shop bitten, sie zu stornieren. Der Shop beantwortet Ihre Anfrage hier.",
    "claims.cancelRequest": "Stornierung anfragen",
    "claims.cancelMessage": "Möchten Sie dem Shop noch etwas mitteilen? (freiwillig)",
    "claims.cancelDefault": "Bitte stornieren Sie meine Bestellung, bevor sie versandt wird.",
    "claims.cancelSend": "Anfrage senden",
    "claims.cancelSent": "Ihre Stornierungsanfrage wurde als Reklamation Nr. {number} gesendet. Der Shop antwortet hier.",
    "claims.nothingLeft": "bereits gemeldet oder zurückgesandt",
    "claims.whatWrong": "Was ist nicht in Ordnung?",
    "claims.availability.OPEN": "Möglich",
    "claims.availability.NOT_OPEN_YET": "Noch nicht möglich",
    "claims.availability.CLOSED": "Nicht mehr möglich",
    "claims.opensOn": "Möglich ab {date}",
    "claims.closedOn": "Nicht mehr möglich nach dem {date}",
    "claims.confirmEarly": "Ich habe das gelesen und möchte es trotzdem jetzt melden.",
    "claims.evidence.tracking": "Sendungsnummer von Paket {number}:",
    "claims.evidence.expected": "Versandt am {shipped}; erwartet bis {date}.",
    "claims.evidence.photos": "Fotos von Paket {number} beim Verpacken:",
    "claims.evidence.accepted": "Beim Bestellen haben Sie zugestimmt: „{label}“ ({time}).",
    "claims.suggestCancellation": "Es wurde noch nichts versandt: Sie können den Shop auch bitten, die Bestellung zu stornieren.",
    "claims.message": "Beschreiben Sie das Problem",
    "claims.wish": "Was soll der Shop tun?",
    "claims.photo": "Fotos hinzufügen (freiwillig)",
    "claims.photoHint": "Bis zu 5 JPEG-, PNG-, WebP- oder HEIC-Bilder, die das Problem zeigen.",
    "claims.tooManyPhotos": "Bitte wählen Sie höchstens 5 Fotos.",
    "claims.submit": "Meldung senden",
    "claims.sending": "Ihre Meldung wird gesendet …",
    "claims.filedAs": "Ihre Meldung wurde als Reklamation Nr. {number} gesendet.",
    "claims.reasonMissing": "Bitte wählen Sie, was nicht in Ordnung ist.",
    "claims.itemsMissing": "Bitte haken Sie die betroffenen Artikel an.",
    "claims.quantityInvalid": "Bitte geben Sie eine ganze Zahl ein, höchstens die angezeigte Menge.",
    "claims.confirmMissing": "Bitte bestätigen Sie, dass Sie dies jetzt melden möchten.",
    "claims.error.upload": "Das Foto konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut oder senden Sie die Meldung ohne Foto.",
    "claims.error.NOT_OPEN_YET": "Dies kann noch nicht gemeldet werden. Bitte beachten Sie das angezeigte Datum.",
    "claims.error.CLOSED": "Die Frist, dies zu melden, ist abgelaufen.",
    "claims.error.QUANTITY_EXCEEDED": "Es wurden mehr Artikel angegeben, als noch gemeldet werden können.",
    "claims.error.STALE_OFFER": "Der Shop hat sein Angebot geändert. Bitte sehen Sie sich das neue an.",
    "claims.error.TOO_MANY_PHOTOS": "Es wurden zu viele Fotos hinzugefügt.",
    "claims.error.TOO_LARGE": "Das Foto ist zu groß.",
    "claims.error.INVALID_CONTENT_TYPE": "Diese Art von Datei kann nicht gesendet werden. Bitte wählen Sie ein JPEG-, PNG-, WebP- oder HEIC-Bild.",
    "claims.error.NOT_AN_IMAGE": "Die Datei ist kein Bild.",
    "claims.error.NOT_ALLOWED": "Das ist für diese Reklamation nicht mehr möglich. Bitte laden Sie die Seite neu.",
    "error.network":
      "Das konnte nicht geladen werden. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
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

/** A calendar day ("2026-12-08", the shop's local date) for people, never shifted by a zone. */
export function formatDay(day, language) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day ?? ""));
  if (!match) return String(day ?? "");
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  const options = { dateStyle: "medium", timeZone: "UTC" };
  try {
    return new Intl.DateTimeFormat(formattingLocale(language), options).format(date);
  } catch {
    return new Intl.DateTimeFormat(DEFAULT_LANGUAGE, options).format(date);
  }
}

/** An amount of money for people: "€15.00", "15,00 €", "¥1,500" (the currency's own decimals). */
export function formatMoney(amount, currency, language) {
  const value = Number(amount);
  if (!currency || amount === null || amount === undefined || !Number.isFinite(value)) {
    return `${amount ?? ""} ${currency ?? ""}`.trim();
  }
  try {
    return new Intl.NumberFormat(formattingLocale(language), { style: "currency", currency }).format(value);
  } catch {
    return `${amount} ${currency}`;
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
