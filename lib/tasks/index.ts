/**
 * Execution reaches every system holding the data (issue 13): tasks per system, their closing by a
 * system's token or a staff member, and the request's EXECUTING state until the last is done.
 */
export { closeTask, markTaskDoneByHand, sendTaskAgain, TASK_NOTE_MAX } from './close';
export type { TaskCloser, TaskRefusal } from './close';
export { listTasksForSystem, taskDetail, TASK_PAGE_MAX } from './queries';
export type { TaskDetail, TaskView } from './queries';
