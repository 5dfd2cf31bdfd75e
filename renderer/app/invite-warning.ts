/** Said wherever a call link is shown for sharing (New call, Invite in the call): the link is the key. */
export function inviteWarning(e2ee: boolean): string {
  return `Anyone with this link can join the call${e2ee ? ' and decrypt it' : ''}. Share it only with the people you invite.`;
}
