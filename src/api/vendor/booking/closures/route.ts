import { crud } from "../crud"

const h = crud("closure")
export const GET = h.list
export const POST = h.create
