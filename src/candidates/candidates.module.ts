import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CvWorkerPool } from '../cv-import/cv-worker-pool';
import { BulkUploadService } from './bulk-upload.service';
import { JobsModule } from '../jobs/jobs.module';
import { CandidatesController } from './candidates.controller';
import { CandidatesRepository } from './candidates.repository';
import { CandidatesService } from './candidates.service';
import { ErasureService } from './erasure.service';
import { BulkFilesInterceptor } from './multipart.interceptor';

@Module({
  imports: [JobsModule],
  controllers: [CandidatesController],
  providers: [
    CandidatesService,
    CandidatesRepository,
    ErasureService,
    BulkUploadService,
    BulkFilesInterceptor,
    {
      // Threads start on the first upload and exit when idle; onModuleDestroy terminates them on shutdown.
      provide: CvWorkerPool,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new CvWorkerPool({
          threads: config.CV_PARSE_WORKERS,
          timeoutMs: config.CV_PARSE_TIMEOUT_MS,
          maxMemoryMb: config.CV_PARSE_MAX_MEMORY_MB,
          maxDecompressedBytes: config.CV_MAX_DECOMPRESSED_BYTES,
        }),
    },
  ],
  exports: [CandidatesService, ErasureService],
})
export class CandidatesModule {}
