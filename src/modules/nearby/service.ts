import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { NearbyIndexState } from "./models/index-state"
import type { MerchantDoc, NearbyProvider, NearbyQuery, NearbyResult } from "./lib/types"
import { PgGeoProvider } from "./providers/pg-geo"
import { MeilisearchProvider, type MeilisearchOptions } from "./providers/meilisearch"

export type NearbyModuleOptions = {
  /** Set (from MEILISEARCH_HOST) to serve nearby search from Meilisearch; unset uses PostgreSQL. */
  meilisearch?: MeilisearchOptions
}

type Manager = { execute: (sql: string, params?: unknown[]) => Promise<any[]>; getKnex?: () => any }
type Deps = { manager: Manager }

/**
 * Raw reads straight through knex's pool: the nearby query is the hottest consumer path and needs
 * none of the ORM's unit-of-work machinery around it.
 */
function pgExecutor(manager: Manager) {
  const knex = manager.getKnex?.()
  if (!knex) return { execute: (sql: string, params?: unknown[]) => manager.execute(sql, params as any) }
  return { execute: async (sql: string, params?: unknown[]) => (await knex.raw(sql, params ?? [])).rows as any[] }
}

class NearbyModuleService extends MedusaService({ NearbyIndexState }) {
  protected provider_: NearbyProvider

  constructor(deps: Deps, options: NearbyModuleOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.provider_ = options.meilisearch?.host
      ? new MeilisearchProvider(options.meilisearch)
      : new PgGeoProvider(pgExecutor(deps.manager))
  }

  get providerIdentifier() {
    return this.provider_.identifier
  }

  async ensureIndex() {
    await this.provider_.ensureIndex()
  }

  async upsertMerchantDocs(docs: MerchantDoc[]) {
    for (let i = 0; i < docs.length; i += 500) await this.provider_.upsertDocuments(docs.slice(i, i + 500))
  }

  async deleteMerchantDocs(ids: string[]) {
    await this.provider_.deleteDocuments(ids)
  }

  async optimizeIndex() {
    await this.provider_.optimize?.()
  }

  async clearIndex() {
    await this.provider_.clear()
  }

  async countDocs() {
    return this.provider_.count()
  }

  async allDocIds() {
    return this.provider_.allIds()
  }

  async merchantIdsWithProduct(productId: string) {
    return this.provider_.merchantIdsWithProduct(productId)
  }

  async searchNearby(query: NearbyQuery): Promise<NearbyResult> {
    try {
      return await this.provider_.search(query)
    } catch (e: any) {
      if (e instanceof MedusaError) throw e
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `附近搜索暂不可用 (nearby search failed: ${e.message})`)
    }
  }

  async recordState(update: { full?: boolean; windows?: boolean; count?: number }) {
    const [state] = await this.listNearbyIndexStates({ provider: this.provider_.identifier })
    const now = new Date()
    const data: Record<string, unknown> = {}
    if (update.full) data.last_full_reindex_at = now
    if (update.windows || update.full) data.windows_refreshed_at = now
    if (update.count !== undefined) data.document_count = update.count
    if (state) await this.updateNearbyIndexStates({ id: state.id, ...data } as any)
    else await this.createNearbyIndexStates({ provider: this.provider_.identifier, ...data } as any)
  }

  async getState() {
    const [state] = await this.listNearbyIndexStates({ provider: this.provider_.identifier })
    return state ?? null
  }
}

export default NearbyModuleService
