import { crud } from "../crud"

const h = crud("offering")
export const GET = h.list
export const POST = h.create
