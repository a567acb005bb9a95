// Dispatch photos from the browser straight to storage, one file at a time:
// dispatchPhotoUploadCreate (a ticket) -> POST the file to the ticket's URL -> dispatchPhotoConfirm.
// Each file shows its own progress and its own error; a failed file can be tried again.

import { h } from "../shared/dom.js";
import { ApiError } from "../shared/graphql.js";
import { gql, uploadFile } from "./api.js";
import { show } from "./ui.js";

const TICKET = `
mutation ForesightPhotoTicket($orderId: ID!, $fulfillmentId: ID!, $contentType: String!, $byteSize: Int!) {
  dispatchPhotoUploadCreate(orderId: $orderId, fulfillmentId: $fulfillmentId,
                            contentType: $contentType, byteSize: $byteSize) {
    upload { id }
    ticket { url fields { name value } maxBytes contentType }
    errors { field code message }
  }
}`;

const CONFIRM = `
mutation ForesightPhotoConfirm($uploadId: ID!, $orderId: ID) {
  dispatchPhotoConfirm(uploadId: $uploadId, orderId: $orderId) {
    upload { id status rejection { code message } }
    photo { id thumbnailUrl url width height capturedAt uploadedAt }
    errors { field code message }
  }
}`;

const TYPES_BY_EXTENSION = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
};

function contentTypeOf(file) {
  if (file.type) return file.type;
  const extension = (file.name.split(".").pop() ?? "").toLowerCase();
  return TYPES_BY_EXTENSION[extension] ?? "application/octet-stream";
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

class Refused extends Error {}

/** Sends photos of one parcel; rows appear in `list`, `onAdded(photo)` after each success. */
export class PhotoUploader {
  constructor({ list, orderId, fulfillmentId, onAdded = () => {}, onSettled = () => {} }) {
    this.list = list;
    this.orderId = orderId;
    this.fulfillmentId = fulfillmentId;
    this.onAdded = onAdded;
    this.onSettled = onSettled;
    this.queue = [];
    this.running = false;
    this.results = { added: 0, failed: 0 };
  }

  setFulfillment(fulfillmentId) {
    this.fulfillmentId = fulfillmentId;
  }

  add(files) {
    for (const file of files) {
      const item = this._row(file);
      this.list.append(item.row);
      this.queue.push(item);
    }
    this._run();
  }

  get busy() {
    return this.running;
  }

  _row(file) {
    const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
    const status = h("span", { class: "upload-status" }, "Waiting");
    const bar = h("progress", { max: "1", value: "0", class: "upload-progress" });
    const retry = h("button", { type: "button", class: "button button-small", hidden: true }, "Try again");
    const placeholder = () => h("span", { class: "upload-preview", "aria-hidden": "true" });
    const thumbnail = preview ? h("img", { class: "upload-preview", src: preview, alt: "" }) : placeholder();
    // a file that claims to be an image but is not one shows an empty square
    if (preview) thumbnail.addEventListener("error", () => thumbnail.replaceWith(placeholder()), { once: true });
    const row = h(
      "li",
      { class: "upload", dataset: { state: "waiting" } },
      thumbnail,
      h(
        "div",
        { class: "upload-body" },
        h("span", { class: "upload-name" }, file.name || "photo", " ", h("small", {}, formatSize(file.size))),
        bar,
        status,
      ),
      retry,
    );
    const item = { file, row, status, bar, retry, preview, fulfillmentId: this.fulfillmentId };
    retry.addEventListener("click", () => {
      retry.hidden = true;
      this.queue.push(item);
      this._run();
    });
    return item;
  }

  _state(item, state, text) {
    item.row.dataset.state = state;
    show(item.status, text);
  }

  async _run() {
    if (this.running) return;
    this.running = true;
    this.results = { added: 0, failed: 0 };
    try {
      while (this.queue.length > 0) {
        await this._send(this.queue.shift());
      }
    } finally {
      this.running = false;
      this.onSettled(this.results);
    }
  }

  async _send(item) {
    const { file } = item;
    try {
      this._state(item, "uploading", "Asking for an upload form…");
      item.bar.value = 0;
      const created = (
        await gql(TICKET, {
          orderId: this.orderId,
          fulfillmentId: item.fulfillmentId,
          contentType: contentTypeOf(file),
          byteSize: file.size,
        })
      ).dispatchPhotoUploadCreate;
      if (created.errors.length > 0) throw new Refused(created.errors[0].message);

      this._state(item, "uploading", "Uploading 0%");
      await uploadFile(created.ticket, file, (fraction) => {
        item.bar.value = fraction;
        show(item.status, `Uploading ${Math.round(fraction * 100)}%`);
      });

      this._state(item, "checking", "Checking the photo…");
      const confirmed = (await gql(CONFIRM, { uploadId: created.upload.id, orderId: this.orderId }))
        .dispatchPhotoConfirm;
      if (confirmed.errors.length > 0) throw new Refused(confirmed.errors[0].message);
      if (!confirmed.photo) {
        throw new Refused(confirmed.upload?.rejection?.message ?? "The photo was not accepted.");
      }
      this._state(item, "done", "Added");
      this.results.added += 1;
      this.onAdded(confirmed.photo);
    } catch (error) {
      const message = error instanceof Refused || error instanceof ApiError ? error.message : String(error);
      this._state(item, "failed", message);
      this.results.failed += 1;
      // a refusal of the file itself (type, size, not an image) would fail again unchanged
      item.retry.hidden = error instanceof Refused;
    }
  }
}
