// Policies through Foresight's API, as the policy editor uses it.

import { gql } from "./api.js";

export const POLICY_FIELDS = `
  id kind name requiresAcceptance active fallbackLanguage position
  missingLanguages { channel languageCode acceptances }
  targeting { channels countries productTypes categories collections products attributes { attribute values } }
  versions {
    id number status current returnWindowDays contentHash createdAt publishedAt acceptedOrders
    translations { languageCode title bodyMarkdown bodyHtml consentLabel }
  }`;

export const POLICIES = `query ForesightPolicies { policies { ${POLICY_FIELDS} } }`;
const ERRORS = "errors { field code message }";
export const CREATE = `mutation ForesightPolicyCreate($input: PolicyCreateInput!) {
  policyCreate(input: $input) { policy { ${POLICY_FIELDS} } ${ERRORS} } }`;
export const UPDATE = `mutation ForesightPolicyUpdate($id: ID!, $input: PolicyUpdateInput!) {
  policyUpdate(id: $id, input: $input) { policy { ${POLICY_FIELDS} } ${ERRORS} } }`;
export const SAVE_DRAFT = `mutation ForesightPolicyDraftSave($policy: ID!, $input: PolicyDraftInput!) {
  policyDraftSave(policy: $policy, input: $input) { policy { ${POLICY_FIELDS} } ${ERRORS} } }`;
export const PUBLISH = `mutation ForesightPolicyPublish($policy: ID!) {
  policyPublish(policy: $policy) { policy { ${POLICY_FIELDS} } ${ERRORS} } }`;
// a draft body as Foresight renders it for buyers (the same code), sanitised; nothing is stored
export const PREVIEW = `query ForesightPolicyPreview($input: PolicyPreviewInput!) {
  policyPreview(input: $input) { bodyHtml errors { field code message } } }`;

export const KINDS = ["RETURN_TERMS", "COLOUR_DIFFERENCE", "DELIVERY_TIME", "CUSTOM"];
export const MANAGE_SETTINGS = "MANAGE_SETTINGS";

export class Refused extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join(" "));
    this.errors = errors;
  }
}

/** A policy mutation's policy, or Refused with its errors. */
export async function mutate(document, variables, field) {
  const payload = (await gql(document, variables))[field];
  if (payload.errors.length > 0) throw new Refused(payload.errors);
  return payload.policy;
}
