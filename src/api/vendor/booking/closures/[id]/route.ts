import { crud } from "../../crud"

const h = crud("closure")
export const GET = h.get
export const POST = h.update
export const DELETE = h.remove
