import { crud } from "../../crud"

const h = crud("offering")
export const GET = h.get
export const POST = h.update
export const DELETE = h.remove
