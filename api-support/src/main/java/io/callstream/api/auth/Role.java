package io.callstream.api.auth;

/** A member's role in a workspace; each role includes the rights of the ones below it. */
public enum Role {
  MEMBER,
  MANAGER,
  OWNER
}
